"""Output schemas: the talk's dict style turned into JSON Schema, which the engine validates against.

The dict style names each field's Python type::

    {'metadata': {'timestamp': str, 'id': str, 'version': str},
     'payload': {'some_prediction_value': float, 'client': int}}

    str -> string, int -> integer, float -> number, bool -> boolean, dict -> object, list -> array,
    None -> null; a nested dict of fields -> an object with exactly those fields (all required, no
    others); [T] or List[T] -> an array of T; Dict[str, T] -> an object of T values;
    Optional[T] -> T or null, and the field may be left out.

A dict whose values are JSON (a key such as ``type``, ``properties`` or ``$schema``) is taken as a
JSON Schema document as it is.
"""

import typing
from typing import Any

_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array",
          type(None): "null"}
_SCHEMA_KEYS = {"type", "properties", "$schema", "$ref", "anyOf", "oneOf", "allOf", "enum", "const", "items",
                "$defs", "definitions"}


class SchemaError(ValueError):
    """A schema that cannot be used, naming the field and what to write instead."""


def to_json_schema(schema: Any, where: str = "schema") -> dict:
    """The JSON Schema of a dict-style schema, or the JSON Schema document itself.

    :raises SchemaError: naming the field path, for anything that is neither
    """
    if not isinstance(schema, dict):
        raise SchemaError("%s: a schema is a dict of fields (e.g. {'payload': {'client': int}}) or a JSON Schema "
                          "document, got %s" % (where, _shown(schema)))
    if not schema:
        raise SchemaError("%s: an empty schema checks nothing; name the fields, e.g. {'payload': {'client': int}}, "
                          "or give {'type': 'object'} to accept any object" % where)
    if _is_json_schema(schema):
        _check_json(schema, where, "")
        return schema
    out = _object(schema, where, "")
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return out


def _is_json_schema(schema: dict) -> bool:
    return any(k in _SCHEMA_KEYS and not _is_type_like(v) for k, v in schema.items())


def _is_type_like(v: Any) -> bool:
    return isinstance(v, type) or isinstance(v, (dict, list)) and not v or typing.get_origin(v) is not None


def _check_json(value: Any, where: str, path: str) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise SchemaError("%s: JSON Schema keys are strings, got %r at %s" % (where, k, path or "the top"))
            _check_json(v, where, path + "/" + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_json(v, where, "%s/%d" % (path, i))
    elif not (value is None or isinstance(value, (str, int, float, bool))):
        raise SchemaError("%s: a JSON Schema document holds JSON values only, got %s at %s; write the fields in "
                          "the dict style (no 'type' key) or as JSON Schema, not both" % (where, _shown(value),
                                                                                          path or "the top"))


def _object(fields: dict, where: str, path: str) -> dict:
    properties, required = {}, []
    for name, t in fields.items():
        if not isinstance(name, str):
            raise SchemaError("%s: field names are strings, got %r%s" % (where, name, _at(path)))
        field_path = path + "." + name if path else name
        optional, t = _unwrap_optional(t)
        prop = _type(t, where, field_path)
        if optional:
            prop = {"anyOf": [prop, {"type": "null"}]}
        else:
            required.append(name)
        properties[name] = prop
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _unwrap_optional(t: Any):
    if typing.get_origin(t) is typing.Union:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(t)) == 2:
            return True, args[0]
    return False, t


def _type(t: Any, where: str, path: str) -> dict:
    if isinstance(t, type) and t in _TYPES:
        return {"type": _TYPES[t]}
    if t is None:
        return {"type": "null"}
    if isinstance(t, dict):
        if not t:
            return {"type": "object"}
        return _object(t, where, path)
    if isinstance(t, list):
        if len(t) != 1:
            raise SchemaError("%s: field '%s': a list type names one item type, e.g. [int], got %s"
                              % (where, path, _shown(t)))
        return {"type": "array", "items": _type(t[0], where, path + "[]")}
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (list, typing.List) and len(args) == 1:
        return {"type": "array", "items": _type(args[0], where, path + "[]")}
    if origin in (dict, typing.Dict) and len(args) == 2 and args[0] is str:
        return {"type": "object", "additionalProperties": _type(args[1], where, path + ".*")}
    if origin is typing.Union:
        return {"anyOf": [_type(a, where, path) for a in args]}
    raise SchemaError("%s: field '%s': expected a type (str, int, float, bool, dict, list), a dict of fields, [T], "
                      "List[T], Dict[str, T] or Optional[T], got %s" % (where, path, _shown(t)))


def _shown(v: Any) -> str:
    return "%r (%s)" % (v, type(v).__name__)


def _at(path: str) -> str:
    return " in '%s'" % path if path else ""
