"""The hand-written Python consumer the benchmark runs against Ferry: the talk's prediction function in a
confluent-kafka loop, written the way a careful engineer writes it for at-least-once.

    python3 confluent_loop.py BOOTSTRAP GROUP

consume up to 500 -> the same predict_foo as examples/python/my_prediction.py (json.loads, create_prediction)
-> fill each envelope's metadata (id from the input's position, version "1", timestamp now) and check each
field's type against the schema by hand -> produce all (idempotent producer, acks=all, linger.ms 5, lz4,
batch.size 65536) -> flush (every delivery acknowledged, or fail) -> commit the batch synchronously.
Stops on SIGTERM.
"""

import datetime
import json
import signal
import sys

from confluent_kafka import Consumer, KafkaException, Producer

import my_prediction

INPUT, OUTPUT = "client.signed_up", "predict.topic"
running = True


def stop(*_):
    global running
    running = False


def checked(event):
    payload, metadata = event["payload"], event["metadata"]
    if not (isinstance(payload["client"], int) and isinstance(payload["some_prediction_value"], float)
            and all(isinstance(metadata[k], str) for k in ("timestamp", "id", "version"))
            and len(payload) == 2 and len(metadata) == 3 and len(event) == 2):
        raise ValueError("output does not match the schema: %r" % (event,))
    return event


def main(bootstrap, group):
    signal.signal(signal.SIGTERM, stop)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                         "linger.ms": 5, "compression.type": "lz4", "batch.size": 65536})
    failures = []

    def delivered(err, _msg):
        if err is not None:
            failures.append(err)

    consumer.subscribe([INPUT])
    try:
        while running:
            messages = consumer.consume(num_messages=500, timeout=0.5)
            if not messages:
                continue
            for m in messages:
                if m.error():
                    raise KafkaException(m.error())
            outputs = my_prediction.predict_foo([m.value().decode("utf-8") for m in messages])[OUTPUT]
            now = datetime.datetime.now(datetime.timezone.utc).isoformat()
            for m, event in zip(messages, outputs):
                event["metadata"] = {"timestamp": now, "id": "%s-%d-%d" % (m.topic(), m.partition(), m.offset()),
                                     "version": "1"}
                producer.produce(OUTPUT, json.dumps(checked(event)).encode("utf-8"), key=m.key(),
                                 on_delivery=delivered)
            producer.flush()
            if failures:
                raise KafkaException(failures[0])
            consumer.commit(asynchronous=False)
    finally:
        consumer.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
