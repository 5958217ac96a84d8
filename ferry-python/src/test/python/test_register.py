import unittest

import _paths  # noqa: F401
import ferry
from ferry import _registry


class Register(unittest.TestCase):

    def setUp(self):
        _registry._clear()

    def test_the_talks_arguments_describe_an_app(self):
        @ferry.register(kafka_topic='client.signed_up', output_schema={'predict.topic': {'payload': {'c': int}}})
        def predict_foo(messages):
            """Predicts foo.

            More text."""
            return {}

        (app,) = ferry.registered_apps()
        d = app.descriptor()
        self.assertEqual(d["app"], "predict-foo")
        self.assertEqual(d["topics"], ["client.signed_up"])
        self.assertEqual(d["description"], "Predicts foo.")
        self.assertEqual(d["outputs"][0]["topic"], "predict.topic")
        self.assertEqual(d["outputs"][0]["json-schema"]["properties"]["payload"]["required"], ["c"])
        self.assertEqual(d["function"], {"runtime": "python", "function": "predict_foo", "async": "false"})
        self.assertNotIn("start", d)

    def test_the_java_annotations_settings(self):
        @ferry.register(app='scorer', topics=['a', 'b'], start='beginning', delivery='exactly-once', batch_size=50,
                        consumers=2, concurrency=4, owner='ds-team', versions={'out': '2'},
                        output_schema={'out': {'type': 'object'}})
        async def score(messages):
            return {}

        d = ferry.registered_apps()[0].descriptor()
        self.assertEqual((d["app"], d["topics"], d["start"], d["delivery"], d["batch-size"], d["consumers"],
                          d["concurrency"], d["owner"]),
                         ("scorer", ["a", "b"], "beginning", "exactly-once", 50, 2, 4, "ds-team"))
        self.assertEqual(d["outputs"][0]["version"], "2")
        self.assertEqual(d["function"]["async"], "true")

    def test_bad_settings_are_named(self):
        cases = [
            (dict(app='x', topics='t', start='earliest'), "start must be one of latest, beginning, got 'earliest'"),
            (dict(app='x', topics='t', batch_size=0), "batch_size must be a whole number of at least 1, got 0"),
            (dict(app='Bad_Name', topics='t'), "the app name must be lower-case"),
            (dict(app='x'), "needs the input topics"),
            (dict(app='x', topics='t', kafka_topic='u'), "give the input topics once"),
            (dict(app='x', topics='t', output_schema=[1]), "output_schema must be a dict"),
        ]
        for kwargs, message in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(ValueError) as e:
                    ferry.register(**kwargs)(lambda messages: {})
                self.assertIn(message, str(e.exception))

    def test_two_functions_cannot_share_an_app_name(self):
        ferry.register(app='x', topics='t')(lambda m: {})
        with self.assertRaises(ValueError) as e:
            ferry.register(app='x', topics='t')(lambda m: {})
        self.assertIn("app 'x' is already registered", str(e.exception))

    def test_make_output_event_leaves_metadata_to_the_engine(self):
        self.assertEqual(ferry.make_output_event({'client': 1}),
                         {'metadata': {'timestamp': '', 'id': '', 'version': ''}, 'payload': {'client': 1}})
        self.assertEqual(ferry.make_output_event({}, version='3')['metadata']['version'], '3')


if __name__ == "__main__":
    unittest.main()
