import unittest
from typing import Dict, List, Optional

import _paths  # noqa: F401
from ferry import SchemaError, to_json_schema
from ferry.validation import errors


class DictStyleSchemas(unittest.TestCase):

    def test_the_talks_schema_becomes_a_strict_json_schema(self):
        s = to_json_schema({'metadata': {'timestamp': str, 'id': str, 'version': str},
                            'payload': {'some_prediction_value': float, 'client': int}})
        self.assertEqual(s["properties"]["payload"], {
            "type": "object", "properties": {"some_prediction_value": {"type": "number"},
                                             "client": {"type": "integer"}},
            "required": ["some_prediction_value", "client"], "additionalProperties": False})
        self.assertEqual(s["required"], ["metadata", "payload"])

    def test_lists_maps_and_optional_fields(self):
        s = to_json_schema({'tags': [str], 'scores': Dict[str, float], 'ids': List[int], 'note': Optional[str]})
        self.assertEqual(s["properties"]["tags"], {"type": "array", "items": {"type": "string"}})
        self.assertEqual(s["properties"]["scores"], {"type": "object", "additionalProperties": {"type": "number"}})
        self.assertEqual(s["properties"]["ids"], {"type": "array", "items": {"type": "integer"}})
        self.assertEqual(s["properties"]["note"], {"anyOf": [{"type": "string"}, {"type": "null"}]})
        self.assertEqual(s["required"], ["tags", "scores", "ids"])

    def test_a_field_named_type_is_still_a_field(self):
        s = to_json_schema({'type': str, 'n': int})
        self.assertEqual(s["properties"]["type"], {"type": "string"})

    def test_a_json_schema_document_is_kept_as_it_is(self):
        doc = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
        self.assertIs(to_json_schema(doc), doc)

    def test_a_value_that_is_not_a_type_is_named_with_its_path(self):
        with self.assertRaises(SchemaError) as e:
            to_json_schema({'payload': {'client': 5}}, "output topic 'p'")
        self.assertIn("output topic 'p': field 'payload.client': expected a type", str(e.exception))
        self.assertIn("got 5 (int)", str(e.exception))

    def test_an_empty_schema_is_refused(self):
        with self.assertRaises(SchemaError) as e:
            to_json_schema({})
        self.assertIn("an empty schema checks nothing", str(e.exception))

    def test_mixing_the_styles_is_refused(self):
        with self.assertRaises(SchemaError) as e:
            to_json_schema({"type": "object", "properties": {"a": int}})
        self.assertIn("holds JSON values only", str(e.exception))


class Validation(unittest.TestCase):
    schema = to_json_schema({'payload': {'client': int, 'score': float, 'tags': [str]}})

    def test_a_valid_event_has_no_errors(self):
        self.assertEqual(errors(self.schema, {'payload': {'client': 1, 'score': 2, 'tags': []}}), [])

    def test_each_kind_of_error_names_the_field(self):
        self.assertEqual(errors(self.schema, {'payload': {'client': "1", 'score': 2.0, 'tags': []}}),
                         ["$.payload.client: string found, integer expected"])
        self.assertEqual(errors(self.schema, {'payload': {'score': 2.0, 'tags': []}}),
                         ["$.payload: required property 'client' not found"])
        self.assertEqual(errors(self.schema, {'payload': {'client': 1, 'score': 2.0, 'tags': [3]}}),
                         ["$.payload.tags[0]: integer found, string expected"])
        self.assertIn("property 'x' is not defined",
                      errors(self.schema, {'payload': {'client': 1, 'score': 2.0, 'tags': []}, 'x': 1})[0])
        self.assertEqual(errors(self.schema, {'payload': {'client': True, 'score': 1.0, 'tags': []}}),
                         ["$.payload.client: boolean found, integer expected"])


if __name__ == "__main__":
    unittest.main()
