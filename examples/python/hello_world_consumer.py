"""The talk's first example, unchanged but for the import line."""
import json
from typing import List

import ferry as sf_kafka


@sf_kafka.register(kafka_topic='some.topic', output_schema={})
def hello_world(messages: List[str]) -> dict:
    """Hello world example
    :param messages: list of strings, which are JSON objects.
    :return: empty dict, as we don't need to emit any events.
    """
    list_of_dicts = [json.loads(m) for m in messages]
    print(f'Hello world I have consumed the following {list_of_dicts}')
    return {}
