package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Address;
import dev.ferry.format.avro.Events.Everything;
import dev.ferry.format.avro.Events.Prediction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every event is checked against its topic's schema, and every violation is named by its path. */
class ValidationTest {

    private final AvroFormat format = new AvroFormat();
    private final OutputCodec envelopes = format.writer(Contexts.ofPayload(Prediction.class));
    private final OutputCodec predictions = format.writer(Contexts.ofType(Prediction.class));

    private static Map<String, Object> envelopeWith(Map<String, Object> payload) {
        return Map.of("metadata", Map.of("timestamp", "2026-11-25T09:30:00Z", "id", "a", "version", "1"),
                "payload", payload);
    }

    @Test
    void a_value_of_the_wrong_type_is_named_by_its_path_in_a_map() {
        assertThatThrownBy(() -> envelopes.encode(envelopeWith(Map.of("some_prediction_value", 0.5, "client", "12"))))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.payload.client: expected int, got string \"12\"");
    }

    @Test
    void a_value_of_the_wrong_type_is_named_by_its_path_in_json_text() {
        assertThatThrownBy(() -> envelopes.encode("{\"metadata\": {\"timestamp\": \"t\", \"id\": \"a\", \"version\": "
                + "\"1\"}, \"payload\": {\"some_prediction_value\": 0.5, \"client\": \"12\"}}"))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.payload.client: expected int, got string \"12\"");
    }

    @Test
    void a_missing_field_is_an_error() {
        assertThatThrownBy(() -> envelopes.encode(envelopeWith(Map.of("some_prediction_value", 0.5))))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.payload.client: is missing (the schema requires it)");
    }

    @Test
    void an_extra_map_key_is_an_error() {
        assertThatThrownBy(() -> predictions.encode(Map.of("some_prediction_value", 0.5, "client", 1, "extra", true)))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.extra: is not a field of record dev.ferry.format.avro.Prediction (the schema is closed)");
    }

    @Test
    void an_extra_field_in_json_text_is_an_error() {
        assertThatThrownBy(() -> predictions.encode("{\"some_prediction_value\": 0.5, \"client\": 1, \"x\": 2}"))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.x: is not a field of record dev.ferry.format.avro.Prediction (the schema is closed)");
    }

    @Test
    void a_record_with_a_component_the_schema_lacks_is_an_error() {
        record Wider(float some_prediction_value, int client, String note) {
        }

        assertThatThrownBy(() -> predictions.encode(new Wider(1f, 2, "n")))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.note: is not a field of record dev.ferry.format.avro.Prediction (the schema is closed)");
    }

    @Test
    void every_violation_is_listed_joined_by_semicolons() {
        Map<String, Object> payload = new HashMap<>();
        payload.put("some_prediction_value", "high");
        payload.put("client", 3_000_000_000L);

        assertThatThrownBy(() -> envelopes.encode(Map.of("payload", payload)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("$.payload.some_prediction_value: expected float, got string \"high\"")
                .hasMessageContaining("$.payload.client: expected int, got long 3000000000 (out of int's range)")
                .hasMessageContaining("$.metadata: is missing (the schema requires it)")
                .satisfies(e -> assertThat(e.getMessage().split("; ")).hasSize(3));
    }

    @Test
    void null_is_an_error_where_the_schema_has_no_null_and_fine_for_an_optional() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Address.class));
        Map<String, Object> noCity = new HashMap<>();
        noCity.put("city", null);
        noCity.put("zip", null);

        assertThatThrownBy(() -> writer.encode(noCity))
                .isInstanceOf(FormatException.class)
                .hasMessage("$.city: expected string, got null");
        assertThat(writer.encode(Map.of("city", "Oslo"))).isEqualTo(writer.encode(new Address("Oslo", Optional.empty())));
    }

    @Test
    void a_violation_deep_in_lists_and_maps_names_the_index_and_the_key() {
        OutputCodec writer = format.writer(Contexts.ofType(Everything.class));
        String json = ((String) read(writer, Everything.sample()))
                .replace("\"tags\":[\"a\",\"b\"]", "\"tags\":[\"a\",2]")
                .replace("\"totals\":{\"x\":1}", "\"totals\":{\"x\":\"one\"}")
                .replace("\"plan\":\"PRO\"", "\"plan\":\"GOLD\"");

        assertThatThrownBy(() -> writer.encode(json))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("$.tags[1]: expected string, got number 2")
                .hasMessageContaining("$.totals.x: expected long, got string \"one\"")
                .hasMessageContaining("$.plan: expected enum dev.ferry.format.avro.Plan (one of FREE, PRO), got "
                        + "string \"GOLD\"");
    }

    @Test
    void text_that_is_not_json_is_an_error_saying_where() {
        assertThatThrownBy(() -> predictions.encode("{\"client\": 1,"))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("is not valid JSON: ")
                .hasMessageContaining("line 1");
    }

    @Test
    void a_logical_type_takes_its_java_type_and_its_text_and_refuses_malformed_text() {
        OutputCodec writer = format.writer(Contexts.ofType(Everything.class));
        String json = (String) read(writer, Everything.sample());

        assertThatThrownBy(() -> writer.encode(json.replace("2026-11-25T09:30:00.123456Z", "yesterday")
                .replace("123e4567-e89b-12d3-a456-426614174000", "not-a-uuid")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("$.at: expected long (timestamp-micros), got string \"yesterday\" (not an "
                        + "ISO-8601 instant such as 2026-11-25T09:30:00Z)")
                .hasMessageContaining("$.id: expected string (uuid), got string \"not-a-uuid\"");
    }

    @Test
    void a_huge_list_of_violations_is_cut_short_with_a_count() {
        OutputCodec writer = format.writer(Contexts.ofType(Everything.class));
        String json = (String) read(writer, Everything.sample());
        String many = json.replace("\"tags\":[\"a\",\"b\"]", "\"tags\":" + List.of(java.util.Collections.nCopies(25, 1))
                .get(0));

        assertThatThrownBy(() -> writer.encode(many))
                .isInstanceOf(FormatException.class)
                .hasMessageEndingWith("; and 5 more")
                .satisfies(e -> assertThat(e.getMessage().split("; ")).hasSize(Violations.MOST_LISTED + 1));
    }

    @Test
    void an_envelope_with_a_payload_of_another_type_names_its_fields() {
        record Other(String name) {
        }

        assertThatThrownBy(() -> envelopes.encode(new Envelope<>(new Metadata("t", "i", "v"), new Other("x"))))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("$.payload.name: is not a field of record dev.ferry.format.avro.Prediction")
                .hasMessageContaining("$.payload.client: is missing (the schema requires it)");
    }

    private Object read(OutputCodec writer, Object value) {
        try {
            return format.reader(Contexts.reader(String.class)).decode(writer.encode(value));
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }
}
