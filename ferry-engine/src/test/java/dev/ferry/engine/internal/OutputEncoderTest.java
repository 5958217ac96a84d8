package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Turning what the function returned into validated records, through the Java runtime's reading of
 * its return value and the JSON format, or saying which event of which topic is wrong.
 */
@SuppressWarnings("unchecked")
class OutputEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the next call of a test app returns. */
    static final class Returned {
        static volatile Object next;
    }

    record Score(String client, int value) {
    }

    record Prediction(String client, double score) {
    }

    record Stamped(String client, Instant at) {
    }

    record Noted(String client, Optional<String> note) {
    }

    record Renamed(@JsonProperty("client_id") String clientId) {
    }

    static class Router {
        @Ferry(app = "router", topics = "in", outputs = {
                @Output(topic = "scores", schema = Score.class),
                @Output(topic = "predictions", payload = Prediction.class),
                @Output(topic = "checked", jsonSchema = "schemas/score.json"),
                @Output(topic = "anything", jsonSchema = "schemas/anything.json")})
        static Map<String, List<?>> run(List<String> events) {
            return (Map<String, List<?>>) Returned.next;
        }
    }

    static class Single {
        @Ferry(app = "single", topics = "in", outputs = @Output(topic = "scores", schema = Score.class))
        static List<Object> run(List<String> events) {
            return (List<Object>) Returned.next;
        }
    }

    static class Silent {
        @Ferry(app = "silent", topics = "in")
        static void run(List<String> events) {
        }
    }

    static class Timestamps {
        @Ferry(app = "timestamps", topics = "in", outputs = @Output(topic = "stamped", schema = Stamped.class))
        static List<Stamped> run(List<String> events) {
            return (List<Stamped>) Returned.next;
        }
    }

    static class Notes {
        @Ferry(app = "notes", topics = "in", outputs = @Output(topic = "noted", schema = Noted.class))
        static List<Noted> run(List<String> events) {
            return (List<Noted>) Returned.next;
        }
    }

    static class Renames {
        @Ferry(app = "renames", topics = "in", outputs = @Output(topic = "renamed", schema = Renamed.class))
        static List<Renamed> run(List<String> events) {
            return (List<Renamed>) Returned.next;
        }
    }

    /** An app's processor, made to encode whatever its function is told to return. */
    private record Encoder(BatchProcessor processor) {
        List<OutputRecord> encode(Object returned) throws ProcessingException {
            Returned.next = returned;
            return processor.process(List.of(new InRecord("in", 0, 0, 0, null, "{}".getBytes(StandardCharsets.UTF_8),
                    new org.apache.kafka.common.header.internals.RecordHeaders())));
        }
    }

    private static Encoder encoderFor(Class<?> app) {
        return new Encoder(TestParts.processor(app));
    }

    private static final Encoder ROUTER = encoderFor(Router.class);
    private static final Encoder SINGLE = encoderFor(Single.class);

    private static ProcessingException rejection(Encoder encoder, Object returned) {
        ProcessingException e = catchThrowableOfType(ProcessingException.class, () -> encoder.encode(returned));
        assertThat(e).as("should reject %s", returned).isNotNull();
        assertThat(e.stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
        assertThat(e.eventIndex()).as("an output is not pinned to an input event").isEqualTo(-1);
        return e;
    }

    private static JsonNode json(OutputRecord r) throws IOException {
        return JSON.readTree(r.value());
    }

    @SafeVarargs
    private static <T> List<T> listOf(T... events) {
        return new ArrayList<>(Arrays.asList(events));
    }

    // --- routing -----------------------------------------------------------------------------------

    @Test
    void rejects_events_for_an_undeclared_topic_listing_the_declared_ones() {
        ProcessingException e = rejection(ROUTER, Map.of("scorez", List.of(new Score("c", 1))));

        assertThat(e).hasMessage("app 'router': the function returned events for topic 'scorez', which is not a "
                + "declared output; declared: scores, predictions, checked, anything");
    }

    @Test
    void rejects_a_topic_whose_events_are_not_a_list() {
        assertThat(rejection(ROUTER, Map.of("scores", new Score("c", 1)))).hasMessage(
                "app 'router': output topic 'scores': expected a List of events, got " + Score.class.getName());
    }

    @Test
    void numbers_events_per_topic_and_keeps_their_order() throws Exception {
        Map<String, List<?>> byTopic = new LinkedHashMap<>();
        byTopic.put("scores", List.of(new Score("a", 1), new Score("b", 2)));
        byTopic.put("checked", List.of(new Score("c", 3)));

        List<OutputRecord> out = ROUTER.encode(byTopic);

        assertThat(out).extracting(OutputRecord::topic).containsExactly("scores", "scores", "checked");
        assertThat(out).extracting(OutputRecord::index).containsExactly(0, 1, 0);
        assertThat(json(out.get(1)).get("client").asText()).isEqualTo("b");
    }

    @Test
    void emits_nothing_for_null_returns_and_null_lists() throws Exception {
        Map<String, List<?>> withNullList = new HashMap<>();
        withNullList.put("scores", null);

        assertThat(ROUTER.encode(null)).isEmpty();
        assertThat(ROUTER.encode(withNullList)).isEmpty();
        assertThat(SINGLE.encode(null)).isEmpty();
        assertThat(encoderFor(Silent.class).encode(null)).isEmpty();
    }

    // --- bad events --------------------------------------------------------------------------------

    @Test
    void rejects_a_null_event() {
        assertThat(rejection(SINGLE, listOf(new Score("a", 1), null))).hasMessage(
                "app 'single': output topic 'scores' event 1: is null; emit an event or leave it out");
    }

    @Test
    void rejects_a_string_event_that_is_not_json() {
        assertThat(rejection(SINGLE, List.of("{\"client\": \"a\", \"value\": ")).getMessage())
                .startsWith("app 'single': output topic 'scores' event 0: is not valid JSON: ");
    }

    @Test
    void rejects_a_string_event_with_trailing_garbage() {
        assertThat(rejection(SINGLE, List.of("{\"client\": \"a\", \"value\": 1} and more")).getMessage())
                .startsWith("app 'single': output topic 'scores' event 0: is not valid JSON: ");
    }

    /** An empty value is not JSON: no reader could parse it, whatever the topic's schema allows. */
    @Test
    void rejects_an_empty_string_event_even_where_the_schema_allows_anything() {
        assertThat(rejection(ROUTER, Map.of("anything", List.of(""))).getMessage())
                .startsWith("app 'router': output topic 'anything' event 0: is not valid JSON");
    }

    @Test
    void rejects_an_event_that_breaks_its_schema_naming_topic_event_and_field() {
        List<Object> events = listOf(new Score("a", 1), new Score("b", 2), Map.of("client", "c", "value", "12"));

        assertThat(rejection(SINGLE, events)).hasMessage(
                "app 'single': output topic 'scores' event 2: $.value: string found, integer expected");
    }

    @Test
    void rejects_an_event_with_a_field_its_schema_does_not_declare() {
        Map<String, Object> extra = Map.of("client", "a", "value", 1, "debug", true);

        assertThat(rejection(SINGLE, List.of(extra)).getMessage()).startsWith(
                "app 'single': output topic 'scores' event 0: $: property 'debug' is not defined in the schema");
    }

    @Test
    void checks_events_against_a_json_schema_resource() throws Exception {
        assertThat(ROUTER.encode(Map.of("checked", List.of(new Score("a", 3))))).hasSize(1);
        assertThat(rejection(ROUTER, Map.of("checked", List.of(new Score("a", -1)))).getMessage())
                .startsWith("app 'router': output topic 'checked' event 0: $.value: ");
    }

    // --- encoding ----------------------------------------------------------------------------------

    @Test
    void writes_records_with_their_component_names() throws Exception {
        List<OutputRecord> out = SINGLE.encode(List.of(new Score("client-7", 42)));

        assertThat(json(out.get(0))).isEqualTo(JSON.readTree("{\"client\": \"client-7\", \"value\": 42}"));
        assertThat(out.get(0).key()).isNull();
        assertThat(out.get(0).headers()).isEmpty();
    }

    @Test
    void passes_a_json_string_through_byte_for_byte() throws Exception {
        String text = "{ \"value\" : 7,\n  \"client\":\"Zoë\" }";

        List<OutputRecord> out = SINGLE.encode(List.of(text));

        assertThat(out.get(0).value()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writes_a_map_event_as_json() throws Exception {
        List<OutputRecord> out = SINGLE.encode(List.of(Map.of("client", "a", "value", 1)));

        assertThat(json(out.get(0))).isEqualTo(JSON.readTree("{\"client\": \"a\", \"value\": 1}"));
    }

    @Test
    void carries_an_output_events_key_and_headers_in_order() throws Exception {
        OutputEvent<Score> event = OutputEvent.of(new Score("a", 1)).withKey("client-ä")
                .withHeader("trace", "t-1").withHeader("model", "v3").withHeader("alpha", "first");

        OutputRecord out = SINGLE.encode(List.of(event)).get(0);

        assertThat(out.key()).isEqualTo("client-ä".getBytes(StandardCharsets.UTF_8));
        assertThat(out.headers().keySet()).containsExactly("trace", "model", "alpha");
        assertThat(out.headers()).containsEntry("model", "v3");
        assertThat(json(out)).isEqualTo(JSON.readTree("{\"client\": \"a\", \"value\": 1}"));
    }

    @Test
    void validates_the_value_inside_an_output_event() {
        OutputEvent<Map<String, Object>> event = OutputEvent.of(Map.of("client", "a"));

        assertThat(rejection(SINGLE, List.of(event))).hasMessage(
                "app 'single': output topic 'scores' event 0: $: required property 'value' not found");
    }

    @Test
    void accepts_an_envelope_of_the_declared_payload() throws Exception {
        OutputRecord out = ROUTER.encode(Map.of("predictions", List.of(Envelope.of(new Prediction("a", 0.5), "v3")))).get(0);

        JsonNode written = json(out);
        assertThat(written.at("/payload/client").asText()).isEqualTo("a");
        assertThat(written.at("/payload/score").asDouble()).isEqualTo(0.5);
        assertThat(written.at("/metadata/version").asText()).isEqualTo("v3");
        assertThat(Instant.parse(written.at("/metadata/timestamp").asText())).isNotNull();
        assertThat(written.at("/metadata/id").asText()).hasSize(36);
    }

    @Test
    void rejects_an_envelope_of_another_payload() {
        Envelope<Score> wrong = Envelope.of(new Score("a", 1));

        assertThat(rejection(ROUTER, Map.of("predictions", List.of(wrong))).getMessage())
                .startsWith("app 'router': output topic 'predictions' event 0: ")
                .contains("$.payload: required property 'score' not found")
                .contains("$.payload: property 'value' is not defined in the schema");
    }

    @Test
    void rejects_a_bare_payload_where_an_envelope_is_declared() {
        assertThat(rejection(ROUTER, Map.of("predictions", List.of(new Prediction("a", 0.5)))).getMessage())
                .contains("$: required property 'metadata' not found");
    }

    @Test
    void writes_instants_as_iso_8601_strings_that_match_their_schema() throws Exception {
        OutputRecord out = encoderFor(Timestamps.class)
                .encode(List.of(new Stamped("a", Instant.parse("2026-11-25T09:30:00.123Z")))).get(0);

        assertThat(json(out).get("at").asText()).isEqualTo("2026-11-25T09:30:00.123Z");
    }

    /** SchemaSources makes an Optional component optional, so such a record must also be writable. */
    @Test
    void writes_a_record_with_an_optional_component() throws Exception {
        Encoder encoder = encoderFor(Notes.class);

        JsonNode present = json(encoder.encode(List.of(new Noted("a", Optional.of("hi")))).get(0));
        JsonNode absent = json(encoder.encode(List.of(new Noted("b", Optional.empty()))).get(0));

        assertThat(present.get("note").asText()).isEqualTo("hi");
        assertThat(absent.path("note").isMissingNode() || absent.path("note").isNull()).isTrue();
    }

    /** The derived schema must describe the JSON the record is written as, renamed components included. */
    @Test
    void writes_a_record_with_a_renamed_component_under_its_json_name() throws Exception {
        OutputRecord out = encoderFor(Renames.class).encode(List.of(new Renamed("c-1"))).get(0);

        assertThat(json(out)).isEqualTo(JSON.readTree("{\"client_id\": \"c-1\"}"));
    }

    @Test
    void an_output_keyed_as_its_input_reuses_the_input_key_bytes_and_any_other_key_is_encoded() {
        byte[] input = "c-0057678".getBytes(StandardCharsets.UTF_8);

        assertThat(OutputEncoder.keyBytes("c-0057678", input)).isSameAs(input);
        assertThat(OutputEncoder.keyBytes("c-0057679", input)).isEqualTo("c-0057679".getBytes(StandardCharsets.UTF_8));
        byte[] accented = "c-\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(OutputEncoder.keyBytes("c-\u00e9", accented)).isNotSameAs(accented).isEqualTo(accented);
        assertThat(OutputEncoder.keyBytes("c-1", null)).isEqualTo("c-1".getBytes(StandardCharsets.UTF_8));
        assertThat(OutputEncoder.keyBytes(null, input)).isNull();
    }
}
