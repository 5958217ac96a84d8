"""Ferry for Python authors: one decorated function over a list of events.

    import json
    from typing import List
    import ferry

    @ferry.register(kafka_topic='client.signed_up', output_schema={'predict.topic': schema})
    def predict_foo(messages: List[str]) -> dict:
        clients = [json.loads(m) for m in messages]
        return {'predict.topic': [make_prediction(c) for c in clients]}

``ferry run my_consumer.py`` runs it: Ferry's engine (Java) consumes, batches, validates every output
against its schema, writes and commits; this package only describes the function and, in the
worker process, calls it. Standard library only.
"""

from ._registry import App, register, registered_apps
from ._envelope import make_output_event
from .schema import SchemaError, to_json_schema

__all__ = ["App", "register", "registered_apps", "make_output_event", "to_json_schema", "SchemaError"]
__version__ = "0.1.0"
