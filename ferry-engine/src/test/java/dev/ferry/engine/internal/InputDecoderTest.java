package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Turning input bytes into the function's elements with the JSON format, or naming the event that
 * cannot be and why; and what the Java runtime hands the function for {@code InputEvent}s.
 */
class InputDecoderTest {

    record Reading(String sensor, int value) {
    }

    /** A bean, which the API accepts as well as records. */
    public static class Measurement {
        private String sensor;
        private int value;

        public String getSensor() {
            return sensor;
        }

        public void setSensor(String sensor) {
            this.sensor = sensor;
        }

        public int getValue() {
            return value;
        }

        public void setValue(int value) {
            this.value = value;
        }
    }

    static class Strings {
        @Ferry(app = "strings", topics = "in")
        static void run(List<String> events) {
        }
    }

    static class Maps {
        @Ferry(app = "maps", topics = "in")
        static void run(List<Map<String, Object>> events) {
        }
    }

    static class Trees {
        @Ferry(app = "trees", topics = "in")
        static void run(List<com.fasterxml.jackson.databind.JsonNode> events) {
        }
    }

    static class Objects {
        @Ferry(app = "objects", topics = "in")
        static void run(List<com.fasterxml.jackson.databind.node.ObjectNode> events) {
        }
    }

    static class Readings {
        @Ferry(app = "readings", topics = "in")
        static void run(List<Reading> events) {
        }
    }

    static class Measurements {
        @Ferry(app = "measurements", topics = "in")
        static void run(List<Measurement> events) {
        }
    }

    static class WrappedReadings {
        static final List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Ferry(app = "wrapped-readings", topics = "in")
        static void run(List<InputEvent<Reading>> events) {
            seen.addAll(events);
        }
    }

    static class WrappedStrings {
        static final List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Ferry(app = "wrapped-strings", topics = "in")
        static void run(List<InputEvent<String>> events) {
            seen.addAll(events);
        }
    }

    private static InputDecoder decoderFor(Class<?> app) {
        return TestParts.decoder(app);
    }

    private static InRecord event(long offset, String json) {
        return new InRecord("sensors", 2, offset, 1_700_000_000_000L, null,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static Object decodeOne(Class<?> app, String json) throws ProcessingException {
        return decoderFor(app).decode(List.of(event(7, json))).get(0);
    }

    private static ProcessingException rejection(Class<?> app, List<Event> batch) {
        ProcessingException e = catchThrowableOfType(ProcessingException.class, () -> decoderFor(app).decode(batch));
        assertThat(e).as("should reject the batch").isNotNull();
        assertThat(e.stage()).isEqualTo(ProcessingException.Stage.DECODE);
        return e;
    }

    private static ProcessingException rejection(Class<?> app, String json) {
        return rejection(app, List.of(event(7, json)));
    }

    private static final String AT = "event at topic 'sensors' partition 2 offset 7 ";

    // --- strings and maps --------------------------------------------------------------------------

    @Test
    void gives_a_tree_function_jacksons_tree_and_an_object_function_only_objects() throws Exception {
        Object tree = decodeOne(Trees.class, "[1, {\"a\": true}]");
        assertThat(tree).isInstanceOf(com.fasterxml.jackson.databind.node.ArrayNode.class);
        assertThat(tree.toString()).isEqualTo("[1,{\"a\":true}]");

        Object object = decodeOne(Objects.class, "{\"sensor\": \"s1\", \"value\": 3}");
        assertThat(object).isInstanceOf(com.fasterxml.jackson.databind.node.ObjectNode.class);
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) object).get("value").asInt()).isEqualTo(3);

        assertThat(rejection(Objects.class, "[1, 2]").getMessage()).startsWith(AT + "cannot be decoded as a JSON object: ");
        assertThat(rejection(Trees.class, "{oops").getMessage()).startsWith(AT + "cannot be decoded as JSON: ");
    }

    @Test
    void gives_a_string_function_the_raw_json_text() throws Exception {
        String text = "{ \"sensor\" : \"Zoë\", \"value\": 1 }";

        assertThat(decodeOne(Strings.class, text)).isEqualTo(text);
    }

    @Test
    void decodes_a_json_object_into_a_map() throws Exception {
        assertThat(decodeOne(Maps.class, "{\"sensor\": \"a\", \"value\": 1, \"tags\": [\"x\"]}"))
                .isEqualTo(Map.of("sensor", "a", "value", 1, "tags", List.of("x")));
    }

    @Test
    void rejects_json_that_is_not_an_object_for_a_map_function() {
        ProcessingException e = rejection(Maps.class, "[1,2]");

        assertThat(e.getMessage()).startsWith(AT + "cannot be decoded as a JSON object: ");
        assertThat(e.eventIndex()).isZero();
    }

    // --- records and beans -------------------------------------------------------------------------

    @Test
    void decodes_a_record_ignoring_fields_it_does_not_have() throws Exception {
        assertThat(decodeOne(Readings.class, "{\"sensor\": \"a\", \"value\": 3, \"addedLater\": {\"x\": 1}}"))
                .isEqualTo(new Reading("a", 3));
    }

    @Test
    void rejects_a_record_with_a_missing_number_rather_than_reading_zero() {
        ProcessingException e = rejection(Readings.class, "{\"sensor\": \"a\"}");

        assertThat(e.getMessage()).startsWith(AT + "cannot be decoded as " + Reading.class.getName() + ": $.value: ");
    }

    @Test
    void rejects_a_record_with_a_null_number() {
        assertThat(rejection(Readings.class, "{\"sensor\": \"a\", \"value\": null}").getMessage())
                .startsWith(AT + "cannot be decoded as " + Reading.class.getName() + ": $.value: ");
    }

    @Test
    void rejects_a_record_with_a_value_of_the_wrong_type() {
        assertThat(rejection(Readings.class, "{\"sensor\": \"a\", \"value\": \"high\"}").getMessage())
                .startsWith(AT + "cannot be decoded as " + Reading.class.getName() + ": $.value: ");
    }

    @Test
    void rejects_trailing_content_after_the_event() {
        assertThat(rejection(Readings.class, "{\"sensor\": \"a\", \"value\": 1} {}").getMessage())
                .startsWith(AT + "cannot be decoded as " + Reading.class.getName() + ": ");
    }

    /** A bean could silently read a missing number as 0, so only records are accepted as input types. */
    @Test
    void rejects_a_bean_input_type_at_start_up() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.ferry.engine.AppDescriptor.of(Measurements.class))
                .isInstanceOf(dev.ferry.engine.AppDefinitionException.class)
                .hasMessageContaining("input type " + Measurement.class.getName() + " is not a record");
    }

    // --- which event -------------------------------------------------------------------------------

    @Test
    void names_the_first_undecodable_event_of_a_batch_by_index_and_position() {
        List<Event> batch = List.of(event(10, "{\"sensor\": \"a\", \"value\": 1}"),
                event(11, "{\"sensor\": \"b\", \"value\": 2}"), event(12, "not json"), event(13, "also not"));

        ProcessingException e = rejection(Readings.class, batch);

        assertThat(e.eventIndex()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("event at topic 'sensors' partition 2 offset 12 cannot be decoded as ");
    }

    @Test
    void rejects_a_tombstone_whatever_type_the_function_takes() {
        for (Class<?> app : List.of(Strings.class, Maps.class, Readings.class, WrappedStrings.class)) {
            ProcessingException e = rejection(app, List.of(event(6, "{\"sensor\": \"a\", \"value\": 1}"), event(7, null)));

            assertThat(e.eventIndex()).as(app.getSimpleName()).isEqualTo(1);
            assertThat(e).hasMessage(AT + "has a null value (a tombstone); Ferry functions take events with a value");
        }
    }

    @Test
    void hands_a_tombstone_on_as_null_to_a_function_that_takes_tombstones() throws Exception {
        InputDecoder decoder = new InputDecoder(value -> new String(value, StandardCharsets.UTF_8), true);

        assertThat(decoder.decode(List.of(event(6, "{}"), event(7, null), event(8, "{}"))))
                .containsExactly("{}", null, "{}");
    }

    // --- input events ------------------------------------------------------------------------------

    @Test
    void wraps_each_event_with_where_it_came_from_its_key_and_its_headers() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("hop", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("hop", "2".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        InRecord r = new InRecord("sensors", 2, 41, 1_700_000_000_123L, "client-ä".getBytes(StandardCharsets.UTF_8),
                "{\"sensor\": \"a\", \"value\": 5}".getBytes(StandardCharsets.UTF_8), headers);

        WrappedReadings.seen.clear();
        TestParts.processor(WrappedReadings.class).process(List.of(r));

        assertThat(WrappedReadings.seen).containsExactly(new InputEvent<>("sensors", 2, 41, 1_700_000_000_123L, "client-ä",
                Map.of("trace", "t-1", "hop", "2", "empty", ""), new Reading("a", 5)));
    }

    @Test
    void wraps_an_event_without_a_key_with_a_null_key_and_no_headers() throws Exception {
        WrappedStrings.seen.clear();
        TestParts.processor(WrappedStrings.class).process(List.of(event(3, "{}")));

        assertThat(WrappedStrings.seen).containsExactly(
                new InputEvent<>("sensors", 2, 3, 1_700_000_000_000L, null, Map.of(), "{}"));
    }

    @Test
    void keeps_the_batch_order() throws Exception {
        List<Object> decoded = decoderFor(Readings.class).decode(List.of(
                event(1, "{\"sensor\": \"a\", \"value\": 1}"), event(2, "{\"sensor\": \"b\", \"value\": 2}")));

        assertThat(decoded).containsExactly(new Reading("a", 1), new Reading("b", 2));
    }
}
