package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Metadata;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The ids and versions the engine fills into envelopes their authors left them to, through the real
 * decoder, Java runtime and encoder: derived from the input event each output came from (linked by
 * the function, or paired by position), so that the same input gives the same ids however it is
 * batched; derived from the whole call when no input is known, so that two outputs never share one.
 */
class OutputIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IN = "signups";
    private static final int PARTITION = 1;
    private static final long FIRST_OFFSET = 40;

    public record SignUp(int client) {
    }

    public record Prediction(int client, double score) {
    }

    static final class Predicts {
        @Ferry(app = "predicts", topics = IN, outputs = @Output(topic = "predictions", payload = Prediction.class))
        static List<Envelope<Prediction>> run(List<SignUp> signUps) {
            return signUps.stream().map(s -> Envelope.of(new Prediction(s.client(), 0.5))).toList();
        }
    }

    /** Predicts for even clients only, each linked to its input unless told not to. */
    static final class Filters {
        static volatile boolean link = true;

        @Ferry(app = "filters", topics = IN, outputs = @Output(topic = "predictions", payload = Prediction.class))
        static List<OutputEvent<Envelope<Prediction>>> run(List<InputEvent<SignUp>> signUps) {
            List<OutputEvent<Envelope<Prediction>>> out = new ArrayList<>();
            for (InputEvent<SignUp> s : signUps) {
                if (s.value().client() % 2 == 0) {
                    OutputEvent<Envelope<Prediction>> e = OutputEvent.of(Envelope.of(new Prediction(s.value().client(), 0.5)));
                    out.add(link ? e.from(s) : e);
                }
            }
            return out;
        }
    }

    /** Two predictions per input, linked, the second ones first. */
    static final class FansOut {
        @Ferry(app = "fans-out", topics = IN, outputs = @Output(topic = "predictions", payload = Prediction.class))
        static List<OutputEvent<Envelope<Prediction>>> run(List<InputEvent<SignUp>> signUps) {
            List<OutputEvent<Envelope<Prediction>>> low = new ArrayList<>();
            List<OutputEvent<Envelope<Prediction>>> high = new ArrayList<>();
            for (InputEvent<SignUp> s : signUps) {
                low.add(OutputEvent.of(Envelope.of(new Prediction(s.value().client(), 0.1))).from(s));
                high.add(OutputEvent.of(Envelope.of(new Prediction(s.value().client(), 0.9))).from(s));
            }
            List<OutputEvent<Envelope<Prediction>>> out = new ArrayList<>(high);
            out.addAll(low);
            return out;
        }
    }

    static final class Versioned {
        @Ferry(app = "versioned", topics = IN, outputs = {
                @Output(topic = "scored", payload = Prediction.class, version = "gbm-2026.11"),
                @Output(topic = "plain", payload = Prediction.class)})
        static Map<String, List<?>> run(List<SignUp> signUps) {
            Prediction p = new Prediction(signUps.get(0).client(), 0.5);
            return Map.of("scored", List.of(Envelope.of(p), Envelope.of(p, "canary-7"),
                            new Envelope<>(new Metadata("2026-11-25T09:30:00Z", "mine-1", "hand-made"), p)),
                    "plain", List.of(Envelope.of(p), new Envelope<>(new Metadata("", "", ""), p)));
        }
    }

    static final class Strangers {
        @Ferry(app = "strangers", topics = IN, outputs = @Output(topic = "predictions", payload = Prediction.class))
        static List<OutputEvent<Envelope<Prediction>>> run(List<InputEvent<SignUp>> signUps) {
            InputEvent<SignUp> made = new InputEvent<>(IN, PARTITION, 999, 0, null, Map.of(), new SignUp(1));
            return List.of(OutputEvent.of(Envelope.of(new Prediction(1, 0.5))).from(made));
        }
    }

    private static Event event(int i) {
        return new InRecord(IN, PARTITION, FIRST_OFFSET + i, 1_700_000_000_000L, null,
                ("{\"client\": " + i + "}").getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static List<Event> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(OutputIdsTest::event).toList();
    }

    private static JsonNode json(OutputRecord r) {
        try {
            return JSON.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(OutputRecord r) {
        return json(r).at("/metadata/id").asText();
    }

    /** The id of an output as the README defines it: a version 5 UUID of the documented name. */
    private static String documented(String app, long offset, String topic, int n) {
        return OutputIds.v5(OutputIds.NAMESPACE, app + "/" + IN + "/" + PARTITION + "/" + offset + "/" + topic + "/" + n)
                .toString();
    }

    /** Runs the processor over each part in turn, as narrowing or a replay would batch the same events. */
    private static List<OutputRecord> process(BatchProcessor processor, List<List<Event>> parts)
            throws ProcessingException {
        List<OutputRecord> out = new ArrayList<>();
        for (List<Event> part : parts) {
            out.addAll(processor.process(part));
        }
        return out;
    }

    /** Each output's id by its payload (client and score). */
    private static Map<String, String> idsByPayload(List<OutputRecord> outputs) {
        Map<String, String> out = new HashMap<>();
        for (OutputRecord r : outputs) {
            JsonNode p = json(r).get("payload");
            assertThat(out.put(p.get("client").asInt() + "@" + p.get("score").asDouble(), id(r)))
                    .as("one output per payload").isNull();
        }
        return out;
    }

    @Test
    void the_uuid_is_a_version_5_name_based_uuid_as_rfc_9562_defines_it() {
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(OutputIds.v5(dns, "www.example.com")).hasToString("2ed6657d-e927-568b-95e1-2665a8aea6a2");
        assertThat(OutputIds.v5(dns, "www.example.com").version()).isEqualTo(5);
    }

    @Test
    void gives_each_envelope_of_a_one_per_input_function_the_id_named_after_its_input_event() throws Exception {
        List<OutputRecord> out = TestParts.processor(Predicts.class).process(events(0, 3));

        assertThat(out).extracting(OutputIdsTest::id).containsExactly(documented("predicts", 40, "predictions", 0),
                documented("predicts", 41, "predictions", 0), documented("predicts", 42, "predictions", 0));
        assertThat(out).extracting(OutputRecord::input).as("paired by position").containsExactly(0, 1, 2);
        assertThat(out).allSatisfy(r -> {
            assertThat(json(r).at("/metadata/version").asText()).isEqualTo(Envelope.DEFAULT_VERSION);
            assertThat(Instant.parse(json(r).at("/metadata/timestamp").asText())).isNotNull();
        });
    }

    @Test
    void gives_a_one_per_input_functions_outputs_the_same_ids_however_the_events_are_batched() throws Exception {
        BatchProcessor p = TestParts.processor(Predicts.class);

        Map<String, String> whole = idsByPayload(process(p, List.of(events(0, 8))));
        Map<String, String> halves = idsByPayload(process(p, List.of(events(0, 4), events(4, 8))));
        Map<String, String> ones = idsByPayload(process(p, IntStream.range(0, 8).mapToObj(i -> events(i, i + 1))
                .toList()));

        assertThat(whole).hasSize(8).isEqualTo(halves).isEqualTo(ones);
        assertThat(whole.values()).doesNotHaveDuplicates();
    }

    @Test
    void gives_linked_outputs_the_id_of_their_input_event_however_many_the_function_drops() throws Exception {
        Filters.link = true;
        BatchProcessor p = TestParts.processor(Filters.class);

        List<OutputRecord> whole = process(p, List.of(events(0, 8)));
        Map<String, String> inThrees = idsByPayload(process(p, List.of(events(0, 3), events(3, 6), events(6, 8))));

        assertThat(whole).extracting(OutputRecord::input).containsExactly(0, 2, 4, 6);
        assertThat(whole).extracting(OutputIdsTest::id).containsExactly(documented("filters", 40, "predictions", 0),
                documented("filters", 42, "predictions", 0), documented("filters", 44, "predictions", 0),
                documented("filters", 46, "predictions", 0));
        assertThat(idsByPayload(whole)).isEqualTo(inThrees);
    }

    @Test
    void counts_the_outputs_of_each_input_event_so_that_several_made_from_one_get_distinct_stable_ids() throws Exception {
        List<OutputRecord> out = TestParts.processor(FansOut.class).process(events(0, 2));

        assertThat(out).extracting(OutputRecord::input).containsExactly(0, 1, 0, 1);
        assertThat(out).extracting(OutputIdsTest::id).containsExactly(documented("fans-out", 40, "predictions", 0),
                documented("fans-out", 41, "predictions", 0), documented("fans-out", 40, "predictions", 1),
                documented("fans-out", 41, "predictions", 1));
    }

    @Test
    void names_outputs_that_cannot_be_traced_to_an_input_after_the_whole_call() throws Exception {
        Filters.link = false;
        try {
            BatchProcessor p = TestParts.processor(Filters.class);

            List<OutputRecord> once = p.process(events(0, 8));
            List<OutputRecord> again = p.process(events(0, 8));
            List<OutputRecord> firstHalf = p.process(events(0, 4));

            assertThat(once).extracting(OutputRecord::input).containsOnly(-1);
            String call = OutputIds.digest(events(0, 8));
            assertThat(once).extracting(OutputIdsTest::id).containsExactly(
                    OutputIds.v5(OutputIds.NAMESPACE, "filters/call:" + call + "/predictions/0").toString(),
                    OutputIds.v5(OutputIds.NAMESPACE, "filters/call:" + call + "/predictions/1").toString(),
                    OutputIds.v5(OutputIds.NAMESPACE, "filters/call:" + call + "/predictions/2").toString(),
                    OutputIds.v5(OutputIds.NAMESPACE, "filters/call:" + call + "/predictions/3").toString());
            assertThat(again).extracting(OutputIdsTest::id).as("the same events in one call again")
                    .isEqualTo(once.stream().map(OutputIdsTest::id).toList());
            assertThat(firstHalf).extracting(OutputIdsTest::id).as("another call: other ids, never a shared one")
                    .doesNotContainAnyElementsOf(once.stream().map(OutputIdsTest::id).toList());
        } finally {
            Filters.link = true;
        }
    }

    @Test
    void writes_the_outputs_declared_version_and_keeps_what_the_author_set() throws Exception {
        List<OutputRecord> out = TestParts.processor(Versioned.class).process(events(0, 1));
        List<JsonNode> scored = out.stream().filter(r -> r.topic().equals("scored")).map(OutputIdsTest::json).toList();
        List<JsonNode> plain = out.stream().filter(r -> r.topic().equals("plain")).map(OutputIdsTest::json).toList();

        assertThat(scored).extracting(j -> j.at("/metadata/version").asText())
                .containsExactly("gbm-2026.11", "canary-7", "hand-made");
        assertThat(scored.get(2).get("metadata")).isEqualTo(JSON.readTree(
                "{\"timestamp\": \"2026-11-25T09:30:00Z\", \"id\": \"mine-1\", \"version\": \"hand-made\"}"));
        assertThat(plain).extracting(j -> j.at("/metadata/version").asText()).containsExactly("1", "1");
        assertThat(Instant.parse(plain.get(1).at("/metadata/timestamp").asText())).as("an empty timestamp is filled")
                .isNotNull();
        assertThat(out).extracting(r -> json(r).at("/metadata/id").asText()).doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void rejects_an_output_made_from_an_input_event_the_call_was_not_given() {
        ProcessingException e = catchThrowableOfType(ProcessingException.class,
                () -> TestParts.processor(Strangers.class).process(events(0, 2)));

        assertThat(e.stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
        assertThat(e).hasMessage("app 'strangers': output topic 'predictions': an event is made from(...) the input "
                + "event at topic 'signups' partition 1 offset 999, which is not one of the 2 event(s) this call was "
                + "given; pass one of the function's own InputEvents");
    }
}
