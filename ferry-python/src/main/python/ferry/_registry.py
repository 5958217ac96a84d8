"""The registry of decorated functions, and what ``@ferry.register`` accepts."""

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from .schema import to_json_schema

_APP_NAME = re.compile(r"^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$")
_STARTS = ("latest", "beginning")
_DELIVERIES = ("at-least-once", "exactly-once", "at-most-once")


@dataclass(frozen=True)
class App:
    """One registered function and the settings of its ``@ferry.register``, as the engine reads them."""

    name: str
    function: Callable
    topics: List[str]
    outputs: Dict[str, dict] = field(default_factory=dict)  # topic -> JSON Schema
    description: str = ""
    owner: str = ""
    start: Optional[str] = None
    delivery: Optional[str] = None
    batch_size: Optional[int] = None
    consumers: Optional[int] = None
    concurrency: Optional[int] = None
    versions: Dict[str, str] = field(default_factory=dict)

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.function)

    def descriptor(self) -> dict:
        """The app as the engine's descriptor has it (the keys of a descriptor .yaml)."""
        d = {
            "app": self.name,
            "topics": list(self.topics),
            "description": self.description,
            "owner": self.owner,
            "outputs": [
                dict({"topic": t, "json-schema": s}, **({"version": self.versions[t]} if t in self.versions else {}))
                for t, s in self.outputs.items()
            ],
            "function": {"runtime": "python", "function": self.function.__name__,
                         "async": "true" if self.is_async else "false"},
        }
        for key, value in (("start", self.start), ("delivery", self.delivery), ("batch-size", self.batch_size),
                           ("consumers", self.consumers), ("concurrency", self.concurrency)):
            if value is not None:
                d[key] = value
        return d


_apps: Dict[str, App] = {}


def registered_apps() -> List[App]:
    """The apps registered so far in this process, in the order they were registered."""
    return list(_apps.values())


def _clear() -> None:
    """Forgets every registered app (for tests that register the same function twice)."""
    _apps.clear()


def register(app: Optional[str] = None, topics: Any = None, output_schema: Optional[Dict[str, Any]] = None, *,
             kafka_topic: Any = None, schema: Optional[Dict[str, Any]] = None, description: Optional[str] = None,
             owner: str = "", start: Optional[str] = None, delivery: Optional[str] = None,
             batch_size: Optional[int] = None, consumers: Optional[int] = None, concurrency: Optional[int] = None,
             versions: Optional[Dict[str, str]] = None) -> Callable[[Callable], Callable]:
    """Registers the decorated function as a Ferry app; returns the function unchanged.

    :param app: the app's name (its consumer group); by default the function's name, with ``_`` as ``-``
    :param topics: the input topic or topics (``kafka_topic`` is the talk's name for it)
    :param output_schema: ``{output topic: schema}``; a schema is the dict style
        (``{'payload': {'client': int}}``) or a JSON Schema document (``schema`` is an alias)
    :param start: where a new group starts: ``latest`` (default) or ``beginning``
    :param delivery: ``at-least-once`` (default), ``exactly-once`` or ``at-most-once``
    :param batch_size: the most events per call; consumers, concurrency: as for Java apps
    :param versions: ``{output topic: version}`` written into envelopes whose metadata.version is empty
    :raises ValueError: naming the setting and what to change, at import time
    """
    if topics is not None and kafka_topic is not None:
        raise ValueError("give the input topics once: topics= or kafka_topic=, not both")
    if output_schema is not None and schema is not None:
        raise ValueError("give the output schemas once: output_schema= or schema=, not both")
    topic_list = _topics(topics if topics is not None else kafka_topic)
    schemas = output_schema if output_schema is not None else (schema or {})
    if not isinstance(schemas, dict):
        raise ValueError("output_schema must be a dict from output topic to its schema, e.g. "
                         "{'predict.topic': {'payload': {'client': int}}}, got " + type(schemas).__name__)

    def decorate(fn: Callable) -> Callable:
        if not callable(fn):
            raise ValueError("@ferry.register decorates a function, got " + type(fn).__name__)
        name = app if app is not None else fn.__name__.replace("_", "-").lower()
        where = "app '%s' (function %s)" % (name, fn.__qualname__)
        if not _APP_NAME.match(name):
            raise ValueError(where + ": the app name must be lower-case letters, digits, '.' and '-', at most 63, "
                                     "e.g. app='predict-foo'")
        if start is not None and start not in _STARTS:
            raise ValueError(where + ": start must be one of " + ", ".join(_STARTS) + ", got %r" % (start,))
        if delivery is not None and delivery not in _DELIVERIES:
            raise ValueError(where + ": delivery must be one of " + ", ".join(_DELIVERIES) + ", got %r" % (delivery,))
        for key, value in (("batch_size", batch_size), ("consumers", consumers), ("concurrency", concurrency)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ValueError(where + ": %s must be a whole number of at least 1, got %r" % (key, value))
        outputs = {}
        for topic, s in schemas.items():
            if not isinstance(topic, str) or not topic:
                raise ValueError(where + ": output_schema keys are topic names, got %r" % (topic,))
            outputs[topic] = to_json_schema(s, where + ": output topic '%s'" % topic)
        if name in _apps and _apps[name].function is not fn:
            raise ValueError(where + ": app '%s' is already registered by function %s; give each app its own name"
                             % (name, _apps[name].function.__qualname__))
        doc = inspect.getdoc(fn) or ""
        _apps[name] = App(name=name, function=fn, topics=topic_list, outputs=outputs,
                          description=description if description is not None else doc.split("\n\n")[0].strip(),
                          owner=owner, start=start, delivery=delivery, batch_size=batch_size, consumers=consumers,
                          concurrency=concurrency, versions=dict(versions or {}))
        return fn

    return decorate


def _topics(value: Any) -> List[str]:
    if value is None:
        raise ValueError("@ferry.register needs the input topics: topics='some.topic' (or kafka_topic=)")
    items = [value] if isinstance(value, str) else list(value)
    if not items or not all(isinstance(t, str) and t for t in items):
        raise ValueError("topics must be a topic name or a list of them, got %r" % (value,))
    return items
