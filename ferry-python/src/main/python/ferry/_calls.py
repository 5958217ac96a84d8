"""One call of an author's function, checked the same way in the worker and in the test kit."""

import json
from typing import Any, Dict, List


class OutputShapeError(ValueError):
    """The function returned something that is not ``{output topic: [events]}`` of JSON values."""


def outputs_of(app, returned: Any) -> Dict[str, List[Any]]:
    """What the function returned, checked: a dict from declared output topic to a list of JSON-able events."""
    where = "app '%s'" % app.name
    if returned is None:
        return {}
    if not isinstance(returned, dict):
        raise OutputShapeError("%s: the function returned %s; return a dict from output topic to a list of events, "
                               "e.g. {'predict.topic': [event, ...]}, or {} for none" % (where, type(returned).__name__))
    out = {}
    for topic, events in returned.items():
        if not isinstance(topic, str):
            raise OutputShapeError("%s: the function returned a key %r; keys are output topic names" % (where, topic))
        if topic not in app.outputs:
            raise OutputShapeError("%s: the function returned events for topic '%s', which is not a declared output; "
                                   "declared: %s" % (where, topic, sorted(app.outputs) or "none"))
        if isinstance(events, (str, bytes, dict)) or not hasattr(events, "__iter__"):
            raise OutputShapeError("%s: output topic '%s': expected a list of events, got %s"
                                   % (where, topic, type(events).__name__))
        out[topic] = list(events)
    return out


def encoded(app, outputs: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
    """The outputs as JSON text would hold them; raises naming the topic and the event that is not JSON."""
    for topic, events in outputs.items():
        for i, event in enumerate(events):
            try:
                json.dumps(event, allow_nan=False)
            except (TypeError, ValueError) as e:
                raise OutputShapeError("app '%s': output topic '%s' event %d: is not JSON: %s"
                                       % (app.name, topic, i, e)) from None
    return outputs
