package dev.ferry.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.hub.PeekedEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields a schema marks sensitive are masked in peeked events: nested, in arrays, absent ones left absent. */
class MaskingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String JSON_SCHEMA = """
            {"type": "object", "properties": {
              "user": {"type": "string", "x-ferry-sensitive": true},
              "score": {"type": "number"},
              "card": {"type": "object", "properties": {
                 "number": {"type": "string", "x-ferry-sensitive": true}, "brand": {"type": "string"}}},
              "contacts": {"type": "array", "items": {"type": "object", "properties": {
                 "email": {"type": "string", "x-ferry-sensitive": true}, "kind": {"type": "string"}}}},
              "address": {"x-ferry-sensitive": true, "type": "object"}
            }}""";

    @Test
    void marked_fields_are_masked_nested_and_in_arrays_and_the_rest_is_kept() {
        Masking m = Masking.of("json-schema", JSON_SCHEMA);
        assertThat(m.masksAnything()).isTrue();
        JsonNode v = masked(m, """
                {"user": "ada", "score": 0.5, "card": {"number": "4111", "brand": "visa"},
                 "contacts": [{"email": "a@x", "kind": "work"}, {"email": "b@x"}, {"kind": "home"}],
                 "address": {"street": "Main St 1"}}""");
        assertThat(v.path("user").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("score").asDouble()).isEqualTo(0.5);
        assertThat(v.path("card").path("number").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("card").path("brand").asText()).isEqualTo("visa");
        assertThat(v.path("contacts").get(0).path("email").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("contacts").get(0).path("kind").asText()).isEqualTo("work");
        assertThat(v.path("contacts").get(1).path("email").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("contacts").get(2).has("email")).isFalse();
        assertThat(v.path("address").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.toString()).doesNotContain("ada", "4111", "a@x", "b@x", "Main St");
    }

    @Test
    void an_absent_field_stays_absent_and_an_unexpected_shape_is_left_alone() {
        Masking m = Masking.of("json-schema", JSON_SCHEMA);
        JsonNode v = masked(m, "{\"score\": 1, \"card\": \"not an object\", \"contacts\": 3}");
        assertThat(v.has("user")).isFalse();
        assertThat(v.path("card").asText()).isEqualTo("not an object");
        assertThat(v.path("contacts").asInt()).isEqualTo(3);
    }

    @Test
    void a_top_level_array_of_objects_is_masked_item_by_item() {
        Masking m = Masking.of("json-schema", "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
                + "{\"ssn\":{\"x-ferry-sensitive\":true}}}}");
        JsonNode v = masked(m, "[{\"ssn\":\"123\"},{\"ssn\":\"456\",\"x\":1}]");
        assertThat(v.get(0).path("ssn").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.get(1).path("ssn").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.get(1).path("x").asInt()).isEqualTo(1);
    }

    @Test
    void avro_fields_marked_with_the_property_are_masked_in_records_arrays_and_unions() {
        Masking m = Masking.of("avro", """
                {"type": "record", "name": "Payment", "fields": [
                  {"name": "user", "type": "string", "ferry.sensitive": true},
                  {"name": "amount", "type": "double"},
                  {"name": "card", "type": ["null", {"type": "record", "name": "Card", "fields": [
                     {"name": "number", "type": "string", "ferry.sensitive": true}]}]},
                  {"name": "tags", "type": {"type": "array", "items": {"type": "record", "name": "Tag", "fields": [
                     {"name": "secret", "type": "string", "ferry.sensitive": true}, {"name": "label", "type": "string"}]}}}
                ]}""");
        JsonNode v = masked(m, "{\"user\":\"ada\",\"amount\":3.5,\"card\":{\"number\":\"4111\"},"
                + "\"tags\":[{\"secret\":\"s\",\"label\":\"l\"}]}");
        assertThat(v.path("user").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("amount").asDouble()).isEqualTo(3.5);
        assertThat(v.path("card").path("number").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("tags").get(0).path("secret").asText()).isEqualTo(Masking.MARKER);
        assertThat(v.path("tags").get(0).path("label").asText()).isEqualTo("l");
    }

    @Test
    void a_value_that_is_not_json_is_hidden_whole_when_the_schema_marks_anything() {
        Masking m = Masking.of("avro", "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"user\","
                + "\"type\":\"string\",\"ferry.sensitive\":true}]}");
        PeekedEvent binary = event("02 61 64 61", PeekedEvent.ValueKind.BINARY);
        assertThat(m.apply(binary).value()).isEqualTo(Masking.WHOLE_VALUE);
        PeekedEvent tombstone = event(null, PeekedEvent.ValueKind.TOMBSTONE);
        assertThat(m.apply(tombstone).value()).isNull();
    }

    @Test
    void a_schema_that_marks_nothing_changes_nothing() {
        Masking m = Masking.of("json-schema", "{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"string\"}}}");
        assertThat(m.masksAnything()).isFalse();
        PeekedEvent e = event("{\"user\":\"ada\"}", PeekedEvent.ValueKind.JSON);
        assertThat(m.apply(List.of(e))).containsExactly(e);
        assertThat(Masking.of("json-schema", "not json").masksAnything()).isFalse();
    }

    private static JsonNode masked(Masking m, String json) {
        try {
            String value = m.apply(event(json, PeekedEvent.ValueKind.JSON)).value();
            return MAPPER.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static PeekedEvent event(String value, PeekedEvent.ValueKind kind) {
        return new PeekedEvent(0, 1, Instant.parse("2026-12-02T05:00:00Z"), "k", List.of(), value, kind);
    }
}
