"""The talk's prediction example: the talk's code but for the import lines and the body of
create_prediction, which the talk leaves to the data scientist."""
import json
from typing import List

import ferry as sf_kafka
from ferry import make_output_event

"""Schema that we want to validate against."""
schema = {
    'metadata': {
        'timestamp': str,
        'id': str,
        'version': str
    },
    'payload': {
        'some_prediction_value': float,
        'client': int
    }
}


def create_prediction(client: dict) -> dict:
    # DS would write side effects or fetches here.
    # E.g. grab features, predict,
    # create output message;
    prediction = 0.5 + (client['client'] % 7) / 14
    return make_output_event({'client': client['client'], 'some_prediction_value': prediction})


@sf_kafka.register(
    kafka_topic='client.signed_up',
    output_schema={'predict.topic': schema})
def predict_foo(messages: List[str]) -> dict:
    """Predict XX about a client. ..."""
    clients = [json.loads(m) for m in messages]
    predictions = [create_prediction(c)
                   for c in clients]
    return {'predict.topic': predictions}
