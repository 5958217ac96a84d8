import os
import unittest

import _paths
import ferry
from ferry import _registry
from ferry._loader import load_file
from ferry.testing import OutputError, run


class TheTalksExamples(unittest.TestCase):

    def setUp(self):
        _registry._clear()

    def test_hello_world_emits_nothing(self):
        module = load_file(os.path.join(_paths.EXAMPLES, "hello_world_consumer.py"))
        self.assertEqual(run(module.hello_world, ['{"a": 1}', '{"a": 2}']), {})

    def test_the_prediction_emits_one_valid_envelope_per_client(self):
        module = load_file(os.path.join(_paths.EXAMPLES, "my_prediction.py"))
        out = run(module.predict_foo, [{"client": 7}, {"client": 8}])
        self.assertEqual([e["payload"] for e in out["predict.topic"]],
                         [{"client": 7, "some_prediction_value": 0.5}, {"client": 8, "some_prediction_value": 0.5 + 1 / 14}])


class TheTestKitFailsAsTheEngineWould(unittest.TestCase):

    def setUp(self):
        _registry._clear()

    def test_an_event_against_its_schema(self):
        @ferry.register(app='p', topics='in', output_schema={'out': {'metadata': {'timestamp': str, 'id': str, 'version': str},
                                                                'payload': {'client': int}}})
        def p(messages):
            return {'out': [ferry.make_output_event({'client': 1}), ferry.make_output_event({'client': "2"})]}

        with self.assertRaises(OutputError) as e:
            run(p, ['{}', '{}'])
        self.assertEqual(str(e.exception), "app 'p': output topic 'out' event 1: $.payload.client: string found, "
                                           "integer expected")

    def test_an_undeclared_topic(self):
        @ferry.register(app='p', topics='in', output_schema={'out': {'a': int}})
        def p(messages):
            return {'other': []}

        with self.assertRaises(OutputError) as e:
            run(p, ['{}'])
        self.assertIn("returned events for topic 'other', which is not a declared output; declared: ['out']",
                      str(e.exception))

    def test_a_value_that_is_not_json(self):
        @ferry.register(app='p', topics='in', output_schema={'out': {'a': float}})
        def p(messages):
            return {'out': [{'a': float('nan')}]}

        with self.assertRaises(OutputError) as e:
            run(p, ['{}'])
        self.assertIn("output topic 'out' event 0: is not JSON", str(e.exception))

    def test_an_async_function_is_awaited(self):
        @ferry.register(app='p', topics='in', output_schema={'out': {'n': int}})
        async def p(messages):
            return {'out': [{'n': len(m)} for m in messages]}

        self.assertEqual(run(p, ['ab', 'abc']), {'out': [{'n': 2}, {'n': 3}]})


if __name__ == "__main__":
    unittest.main()
