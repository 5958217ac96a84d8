package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures that a retry cannot cure (an event that cannot be decoded, an output that breaks its
 * schema) go to the poison policy after one attempt, with no backoff, under both policies; the
 * function's own failures are still retried. Counted, not timed: every retry is preceded by a
 * backoff, so no retry means no backoff.
 */
class NotRetriedTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final int MAX_ATTEMPTS = 4;

    public record Reading(int n) { }

    public record Doubled(int n, int twice) { }

    /** Doubles each number; emits an event that breaks the schema for 5, and throws for 9. */
    public static class Doubler {
        public static List<Object> run(List<Reading> readings) {
            List<Object> out = new ArrayList<>();
            for (Reading r : readings) {
                if (r.n() == 9) {
                    throw new IllegalStateException("cannot double 9");
                }
                out.add(r.n() == 5 ? Map.of("n", "five", "twice", 10) : new Doubled(r.n(), 2 * r.n()));
            }
            return out;
        }
    }

    /** A poison event, how it fails, and how often it is tried. */
    enum Poison {
        NOT_JSON("{not json", "decode", 1),
        TOMBSTONE(null, "decode", 1),
        WRONG_TYPE("{\"n\": \"four\"}", "decode", 1),
        INVALID_OUTPUT("{\"n\": 5}", "output", 1),
        FUNCTION_THROWS("{\"n\": 9}", "function", MAX_ATTEMPTS);

        final String value;
        final String stage;
        final int attempts;

        Poison(String value, String stage, int attempts) {
            this.value = value;
            this.stage = stage;
            this.attempts = attempts;
        }
    }

    private final TestKafka kafka = KAFKA.client();

    private static AppDescriptor app(String name, String in, String out) {
        return AppDescriptor.builder(name).topics(in).start(Start.BEGINNING)
                .output(OutputDescriptor.ofType(out, Doubled.class))
                .function(FunctionRef.java(Doubler.class.getName(), "run"))
                .classLoader(NotRetriedTest.class.getClassLoader()).build();
    }

    private PlatformProfile profile(String poisonPolicy) {
        return kafka.profile().toBuilder().set("retry.max-attempts", Integer.toString(MAX_ATTEMPTS))
                .set("poison-policy", poisonPolicy).build();
    }

    private static String metric(RunningApp app, String name) {
        return Arrays.stream(app.scrapeMetrics().split("\n")).filter(l -> l.startsWith(name + " ")
                || l.startsWith(name + "{")).filter(l -> !l.startsWith("#")).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Poison.class)
    void halt_stops_at_an_event_that_cannot_succeed_after_one_attempt_and_retries_only_the_functions_failures(
            Poison poison) {
        String name = "not-retried-halt-" + poison.name().toLowerCase().replace('_', '-');
        String in = KAFKA.uniqueTopic("nr.halt.in");
        String out = KAFKA.uniqueTopic("nr.halt.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        kafka.produce(in, new ArrayList<>(Arrays.asList("{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}", poison.value,
                "{\"n\": 6}")));

        try (RunningApp app = FerryEngine.start(app(name, in, out), profile("halt"))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(app.status().state()).isEqualTo(AppStatus.State.HALTED));
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position().offset()).as("pinned to the event").isEqualTo(3);
            assertThat(failure.attempts()).isEqualTo(poison.attempts);
            assertThat(app.status().notReadyReason()).contains("offset 3 after " + poison.attempts + " attempt(s): ");
            assertThat(metric(app, "ferry_retries_total")).isEqualTo("ferry_retries_total{app=\"" + name + "\"} "
                    + (poison.attempts - 1) + ".0");
            assertThat(metric(app, "ferry_failures_total")).contains("stage=\"" + poison.stage + "\"} ");
        }
        assertThat(kafka.committedOffsets(name)).containsEntry(new TopicPartition(in, 0), 3L);
        assertThat(kafka.readAllValues(out, Duration.ofSeconds(10))).as("the whole topic: the events before it")
                .containsExactly("{\"n\":0,\"twice\":0}", "{\"n\":1,\"twice\":2}", "{\"n\":2,\"twice\":4}");
    }

    @Test
    void dead_letter_sets_aside_events_that_cannot_succeed_after_one_attempt_and_retries_only_the_functions_failure() {
        String name = "not-retried-dead-letter";
        String in = KAFKA.uniqueTopic("nr.dl.in");
        String out = KAFKA.uniqueTopic("nr.dl.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        kafka.createTopic(name + ".dead-letter", 1);
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            input.add("{\"n\": " + i + "}");
        }
        input.set(2, Poison.NOT_JSON.value);
        input.set(3, Poison.TOMBSTONE.value);
        input.set(4, Poison.WRONG_TYPE.value); // 5 makes an invalid output, 9 makes the function throw
        kafka.produce(in, input);

        try (RunningApp app = FerryEngine.start(app(name, in, out), profile("dead-letter"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 12);
            assertThat(app.status().deadLettered()).isEqualTo(5);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(metric(app, "ferry_retries_total")).as("only the function's failure is retried")
                    .isEqualTo("ferry_retries_total{app=\"" + name + "\"} " + (MAX_ATTEMPTS - 1) + ".0");
            assertThat(metric(app, "ferry_failures_total")).as("each undecodable event failed once: the decoder "
                    + "pins it").contains("ferry_failures_total{app=\"" + name + "\",stage=\"decode\"} 3.0");
        }
        List<ConsumerRecord<String, String>> dead = kafka.readAll(name + ".dead-letter", Duration.ofSeconds(10));
        assertThat(dead).extracting(r -> headers(r).get("ferry.original.offset"))
                .containsExactly("2", "3", "4", "5", "9");
        assertThat(dead).extracting(r -> headers(r).get("ferry.error.stage"))
                .containsExactly("decode", "decode", "decode", "output", "function");
        assertThat(dead).extracting(r -> headers(r).get("ferry.attempts"))
                .containsExactly("1", "1", "1", "1", Integer.toString(MAX_ATTEMPTS));
        assertThat(kafka.readAllValues(out, Duration.ofSeconds(10))).as("the whole topic")
                .containsExactly("{\"n\":0,\"twice\":0}", "{\"n\":1,\"twice\":2}", "{\"n\":6,\"twice\":12}",
                        "{\"n\":7,\"twice\":14}", "{\"n\":8,\"twice\":16}", "{\"n\":10,\"twice\":20}",
                        "{\"n\":11,\"twice\":22}");
        assertThat(kafka.committedOffsets(name)).containsEntry(new TopicPartition(in, 0), 12L);
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
