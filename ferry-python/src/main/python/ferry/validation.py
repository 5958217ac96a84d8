"""A JSON Schema check for the test kit, standard library only.

It covers what dict-style schemas turn into and the common keywords of hand-written ones (type,
properties, required, additionalProperties, items, enum, const, anyOf, oneOf, allOf, minimum,
maximum, minLength, maxLength, pattern). A schema using any other keyword is refused with its name
rather than half checked: the engine (networknt's validator) checks every event in production, and
this check exists so a unit test fails the way production would.
"""

import json
import re

from .schema import SchemaError

_ANNOTATIONS = {"$schema", "$id", "title", "description", "default", "examples", "format", "$comment"}
_CHECKED = {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "oneOf",
            "allOf", "minimum", "maximum", "minLength", "maxLength", "pattern"}
_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "object": "object", "array": "array", "null": "null"}


def check_schema(schema, where="schema"):
    """Raises SchemaError naming any keyword this check does not cover."""
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise SchemaError("%s: a schema is an object, got %r" % (where, schema))
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key not in _CHECKED:
            raise SchemaError("%s: the test kit does not check JSON Schema keyword '%s' (it checks %s); test this "
                              "output against the engine (ferry run) or use the dict style" %
                              (where, key, ", ".join(sorted(_CHECKED))))
        if key == "properties":
            for name, sub in value.items():
                check_schema(sub, where)
        elif key in ("additionalProperties", "items"):
            check_schema(value, where)
        elif key in ("anyOf", "oneOf", "allOf"):
            for sub in value:
                check_schema(sub, where)


def errors(schema, value, path="$"):
    """Every way ``value`` breaks ``schema``, as ``"$.payload.client: string found, integer expected"``."""
    if schema is True or schema == {}:
        return []
    if schema is False:
        return ["%s: is not allowed" % path]
    out = []
    t = schema.get("type")
    if t is not None:
        wanted = t if isinstance(t, list) else [t]
        if not any(_is(value, w) for w in wanted):
            return ["%s: %s found, %s expected" % (path, _kind(value), ", ".join(wanted))]
    if "const" in schema and not _same(value, schema["const"]):
        out.append("%s: must be the constant value %s" % (path, json.dumps(schema["const"])))
    if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
        out.append("%s: does not have a value in the enumeration %s" % (path, json.dumps(schema["enum"])))
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                out.append("%s: required property '%s' not found" % (path, name))
        extra = schema.get("additionalProperties", True)
        for name, v in value.items():
            sub = path + "." + name
            if name in props:
                out.extend(errors(props[name], v, sub))
            elif extra is False:
                out.append("%s: property '%s' is not defined in the schema and the schema does not allow additional "
                           "properties" % (path, name))
            elif isinstance(extra, dict):
                out.extend(errors(extra, v, sub))
    if isinstance(value, list) and isinstance(schema.get("items"), (dict, bool)):
        for i, v in enumerate(value):
            out.extend(errors(schema["items"], v, "%s[%d]" % (path, i)))
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            out.append("%s: must be at least %d characters long" % (path, schema["minLength"]))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append("%s: must be at most %d characters long" % (path, schema["maxLength"]))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append("%s: does not match the regex pattern %s" % (path, schema["pattern"]))
    if _is(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            out.append("%s: must have a minimum value of %s" % (path, schema["minimum"]))
        if "maximum" in schema and value > schema["maximum"]:
            out.append("%s: must have a maximum value of %s" % (path, schema["maximum"]))
    if "allOf" in schema:
        for sub in schema["allOf"]:
            out.extend(errors(sub, value, path))
    if "anyOf" in schema and all(errors(sub, value, path) for sub in schema["anyOf"]):
        out.append("%s: must be valid to at least one schema in anyOf: %s"
                   % (path, "; ".join(errors(schema["anyOf"][0], value, path))))
    if "oneOf" in schema and sum(1 for sub in schema["oneOf"] if not errors(sub, value, path)) != 1:
        out.append("%s: must be valid to one and only one schema in oneOf" % path)
    return out


def _is(value, json_type):
    if json_type == "null":
        return value is None
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and value.is_integer()
    if json_type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "object":
        return isinstance(value, dict)
    if json_type == "array":
        return isinstance(value, (list, tuple))
    raise SchemaError("unknown JSON Schema type '%s'" % json_type)


def _kind(value):
    for t in ("null", "boolean", "integer", "number", "string", "object", "array"):
        if _is(value, t):
            return t
    return type(value).__name__


def _same(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
