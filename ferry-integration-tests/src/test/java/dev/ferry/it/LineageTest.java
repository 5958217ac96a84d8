package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.Lineage;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every output event carries lineage headers continuing its input event's chain: through a chain of
 * two real apps, from inputs with foreign or malformed trace context, under exactly-once, and not at
 * all with {@code lineage: false}.
 */
class LineageTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FERRY_PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    public record Echo(int id) { }

    public static class First {
        @Ferry(app = "lineage-first", topics = "lin.a", start = Start.BEGINNING,
                outputs = @Output(topic = "lin.b", schema = Echo.class))
        public static List<Echo> run(List<Echo> events) {
            return events;
        }
    }

    /** Two outputs per input, linked to it, in reverse order; with headers of its own, one of them a traceparent. */
    public static class Second {
        @Ferry(app = "lineage-second", topics = "lin.b", start = Start.BEGINNING,
                outputs = @Output(topic = "lin.c", schema = Echo.class))
        public static List<OutputEvent<Echo>> run(List<InputEvent<Echo>> events) {
            List<OutputEvent<Echo>> out = new ArrayList<>();
            for (int i = events.size() - 1; i >= 0; i--) {
                InputEvent<Echo> e = events.get(i);
                for (int copy = 0; copy < 2; copy++) {
                    out.add(OutputEvent.of(e.value()).withHeader("team", "ds").withHeader("traceparent", "mine")
                            .from(e));
                }
            }
            return out;
        }
    }

    public static class Foreign {
        @Ferry(app = "lineage-foreign", topics = "lin.f.in", start = Start.BEGINNING,
                outputs = @Output(topic = "lin.f.out", schema = Echo.class))
        public static List<Echo> run(List<Echo> events) {
            return events;
        }
    }

    public static class Transactional {
        @Ferry(app = "lineage-exactly-once", topics = "lin.x.in", start = Start.BEGINNING,
                outputs = @Output(topic = "lin.x.out", schema = Echo.class))
        public static List<Echo> run(List<Echo> events) {
            return events;
        }
    }

    public static class Off {
        @Ferry(app = "lineage-off", topics = "lin.off.in", start = Start.BEGINNING,
                outputs = @Output(topic = "lin.off.out", schema = Echo.class))
        public static List<Echo> run(List<Echo> events) {
            return events;
        }
    }

    @Test
    void the_second_apps_outputs_carry_the_first_apps_trace_the_first_inputs_time_and_two_hops() {
        TestKafka kafka = KAFKA.client();
        long t0 = Instant.now().minusSeconds(60).toEpochMilli();
        for (int id = 0; id < 4; id++) {
            produce(kafka, "lin.a", id, t0 + id, new RecordHeaders());
        }
        PlatformProfile profile = dev(kafka);

        try (RunningApp first = FerryEngine.start(AppDescriptor.of(First.class), profile);
             RunningApp second = FerryEngine.start(AppDescriptor.of(Second.class), profile)) {
            await().atMost(WAIT).until(() -> second.status().consumed() == 4);
        }

        Map<Integer, Lineage> firstHop = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll("lin.b", WAIT)) {
            Lineage l = lineage(r);
            assertThat(l.hops()).isEqualTo(1);
            assertThat(l.originTime()).as("a chain starts at its first event's timestamp")
                    .isEqualTo(Instant.ofEpochMilli(t0 + id(r)));
            assertThat(firstHop.put(id(r), l)).as("one output per input").isNull();
        }
        assertThat(firstHop).hasSize(4);
        assertThat(firstHop.values().stream().map(Lineage::traceId).distinct()).as("a chain per input event").hasSize(4);
        List<ConsumerRecord<String, String>> ends = kafka.readAll("lin.c", WAIT);
        assertThat(ends).hasSize(8);
        Map<Integer, Set<String>> spans = new HashMap<>();
        for (ConsumerRecord<String, String> r : ends) {
            Lineage l = lineage(r);
            Lineage before = firstHop.get(id(r));
            assertThat(l.traceId()).isEqualTo(before.traceId());
            assertThat(l.spanId()).isNotEqualTo(before.spanId());
            assertThat(l.sampled()).isEqualTo(before.sampled());
            assertThat(l.originTime()).isEqualTo(Instant.ofEpochMilli(t0 + id(r)));
            assertThat(l.hops()).isEqualTo(2);
            assertThat(values(r.headers(), "team")).containsExactly("ds");
            assertThat(values(r.headers(), Lineage.TRACEPARENT)).as("the engine's replaces the function's")
                    .containsExactly(l.traceparent());
            spans.computeIfAbsent(id(r), k -> new HashSet<>()).add(l.spanId());
        }
        assertThat(spans.values()).as("both outputs of an event share the span of its processing")
                .allSatisfy(s -> assertThat(s).hasSize(1));
    }

    @Test
    void an_input_with_a_foreign_or_malformed_trace_context_starts_a_new_chain() {
        TestKafka kafka = KAFKA.client();
        long t0 = Instant.now().minusSeconds(30).toEpochMilli();
        String foreign = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        produce(kafka, "lin.f.in", 0, t0, headers(foreign, null, null));
        produce(kafka, "lin.f.in", 1, t0 + 1, headers("00-" + TRACE + "-00f067aa0ba902b7", "5", "3"));
        produce(kafka, "lin.f.in", 2, t0 + 2, headers(FERRY_PARENT, "not a time", "3"));
        produce(kafka, "lin.f.in", 3, t0 + 3, headers(FERRY_PARENT, "1000", "4"));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Foreign.class), dev(kafka))) {
            await().atMost(WAIT).until(() -> app.status().consumed() == 4);
        }

        List<ConsumerRecord<String, String>> out = kafka.readAll("lin.f.out", WAIT);
        assertThat(out).extracting(LineageTest::id).containsExactly(0, 1, 2, 3);
        for (ConsumerRecord<String, String> r : out.subList(0, 3)) {
            Lineage l = lineage(r);
            assertThat(l.traceId()).as("event %d", id(r)).isNotIn(TRACE, "0af7651916cd43dd8448eb211c80319c");
            assertThat(l.originTime()).as("event %d", id(r)).isEqualTo(Instant.ofEpochMilli(t0 + id(r)));
            assertThat(l.hops()).as("event %d", id(r)).isEqualTo(1);
        }
        Lineage continued = lineage(out.get(3));
        assertThat(continued.traceId()).isEqualTo(TRACE);
        assertThat(continued.originTime()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(continued.hops()).isEqualTo(5);
    }

    @Test
    void lineage_headers_survive_exactly_once() {
        TestKafka kafka = KAFKA.client();
        long t0 = Instant.now().minusSeconds(30).toEpochMilli();
        for (int id = 0; id < 5; id++) {
            produce(kafka, "lin.x.in", id, t0, headers(FERRY_PARENT, String.valueOf(1000 + id), "1"));
        }
        PlatformProfile profile = dev(kafka).toBuilder().set("guarantee", "exactly-once").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Transactional.class), profile)) {
            await().atMost(WAIT).until(() -> app.status().consumed() == 5);
        }

        List<ConsumerRecord<String, String>> out = kafka.readAll("lin.x.out", WAIT); // read_committed
        assertThat(out).extracting(LineageTest::id).containsExactly(0, 1, 2, 3, 4);
        for (ConsumerRecord<String, String> r : out) {
            Lineage l = lineage(r);
            assertThat(l.traceId()).isEqualTo(TRACE);
            assertThat(l.originTime()).isEqualTo(Instant.ofEpochMilli(1000 + id(r)));
            assertThat(l.hops()).isEqualTo(2);
        }
        assertThat(kafka.committedOffsets("lineage-exactly-once").values()).containsExactly(5L);
    }

    @Test
    void with_lineage_false_outputs_carry_no_lineage_headers() {
        TestKafka kafka = KAFKA.client();
        for (int id = 0; id < 3; id++) {
            produce(kafka, "lin.off.in", id, System.currentTimeMillis(), id == 0 ? new RecordHeaders()
                    : headers(FERRY_PARENT, "1000", "1"));
        }
        PlatformProfile profile = dev(kafka).toBuilder().set("lineage", "false").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Off.class), profile)) {
            await().atMost(WAIT).until(() -> app.status().consumed() == 3);
        }

        List<ConsumerRecord<String, String>> out = kafka.readAll("lin.off.out", WAIT);
        assertThat(out).hasSize(3);
        for (ConsumerRecord<String, String> r : out) {
            assertThat(r.headers().toArray()).as("event %d", id(r)).isEmpty();
        }
    }

    private static PlatformProfile dev(TestKafka kafka) {
        return kafka.profile().toBuilder().set("dev-mode", "true").set("dev-partitions", "1").build();
    }

    private static Headers headers(String traceparent, String origin, String hops) {
        RecordHeaders h = new RecordHeaders();
        if (traceparent != null) {
            h.add(Lineage.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        if (origin != null) {
            h.add(Lineage.ORIGIN_TIME, origin.getBytes(StandardCharsets.US_ASCII));
        }
        if (hops != null) {
            h.add(Lineage.HOPS, hops.getBytes(StandardCharsets.US_ASCII));
        }
        return h;
    }

    /** Produces {@code {"id": id}} with the given timestamp and headers, and waits for the acknowledgement. */
    private static void produce(TestKafka kafka, String topic, int id, long timestamp, Headers headers) {
        kafka.createTopic(topic, 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, null, "{\"id\": " + id + "}", headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    private static int id(ConsumerRecord<String, String> r) {
        return Integer.parseInt(r.value().replaceAll("\\D", ""));
    }

    private static List<String> values(Headers headers, String name) {
        List<String> out = new ArrayList<>();
        for (Header h : headers.headers(name)) {
            out.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The lineage of an output, which must have exactly one of each of the three headers. */
    private static Lineage lineage(ConsumerRecord<String, String> r) {
        for (String name : List.of(Lineage.TRACEPARENT, Lineage.ORIGIN_TIME, Lineage.HOPS)) {
            assertThat(values(r.headers(), name)).as("%s of %s", name, r.value()).hasSize(1);
        }
        return Lineage.read(r.headers().lastHeader(Lineage.TRACEPARENT).value(),
                r.headers().lastHeader(Lineage.ORIGIN_TIME).value(), r.headers().lastHeader(Lineage.HOPS).value())
                .orElseThrow(() -> new AssertionError("malformed lineage on " + r.value()));
    }
}
