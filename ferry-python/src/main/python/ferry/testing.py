"""The test kit: run a registered function the way the engine does, with no broker (works with pytest).

    from ferry.testing import run
    import my_consumer

    def test_predicts_each_client():
        out = run(my_consumer.predict_foo, ['{"client": 7}'])
        assert out['predict.topic'][0]['payload']['client'] == 7

``run`` calls the function with the messages as the engine would (a list of str), checks that it
returned ``{declared output topic: [events]}`` of JSON values, and validates every event against
its topic's schema; it raises ``OutputError`` with the engine's wording, naming the topic, the event's
index and the field.
"""

import asyncio
import inspect
import json

from ._calls import OutputShapeError, encoded, outputs_of
from ._registry import registered_apps
from .validation import check_schema, errors


class OutputError(AssertionError):
    """An output the engine would refuse: not a declared topic, not JSON, or against its schema."""


def app_of(function):
    """The registered app of a decorated function."""
    for app in registered_apps():
        if app.function is function or app.name == function:
            return app
    raise LookupError("%r is not registered: decorate it with @ferry.register(...) and import its module first"
                      % (function,))


def run(function, messages):
    """The function's outputs for ``messages`` (str, bytes, or dicts, which are sent as JSON text)."""
    app = app_of(function)
    texts = [m if isinstance(m, str) else m.decode("utf-8") if isinstance(m, bytes) else json.dumps(m)
             for m in messages]
    returned = app.function(texts)
    if inspect.isawaitable(returned):
        returned = asyncio.run(_awaited(returned))
    try:
        outputs = encoded(app, outputs_of(app, returned))
    except OutputShapeError as e:
        raise OutputError(str(e)) from None
    for topic, events in outputs.items():
        schema = app.outputs[topic]
        check_schema(schema, "app '%s': output topic '%s'" % (app.name, topic))
        for i, event in enumerate(events):
            found = errors(schema, json.loads(json.dumps(event)))
            if found:
                raise OutputError("app '%s': output topic '%s' event %d: %s" % (app.name, topic, i, found[0]))
    return outputs


async def _awaited(awaitable):
    return await awaitable
