package dev.ferry.it;

import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once when a transaction fails, on a real broker and through the public engine API: a
 * second instance with the same {@code instance-id} fences the first, a transaction that outlives
 * {@code transaction.timeout.ms} is aborted by the coordinator, and an output the broker rejects
 * halts at its event or is dead-lettered. Every output topic is read back whole, read_committed, so
 * that an event written twice (or an aborted output shown) fails the test.
 *
 * <p>The engine opens a batch's transaction only after the function has returned, when it writes
 * the outputs, so a slow function alone never keeps a transaction open. To hold one open, a
 * producer interceptor ({@link HoldingInterceptor}, set with {@code kafka.producer.interceptor.classes})
 * holds the send of one chosen output until the test lets it go: the outputs before it in the batch
 * are then on the broker, in a transaction that is still open.
 */
class ExactlyOnceFailuresTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension()
            // The coordinator looks for transactions past their timeout every 10 s by default.
            .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Num(int id) { }

    public record Tagged(int id, String by) { }

    public record Padded(int id, String padding) { }

    /**
     * Holds the send of the output whose JSON has the chosen {@code id}, once, until released (or its
     * thread is interrupted): a write that stays inside its transaction as long as the test wants.
     */
    public static final class HoldingInterceptor implements ProducerInterceptor<byte[], byte[]> {
        private static final AtomicBoolean ARMED = new AtomicBoolean();
        private static volatile Pattern held = null;
        private static volatile CountDownLatch holding = new CountDownLatch(1);
        private static volatile CountDownLatch release = new CountDownLatch(1);

        static void holdOutput(int id) {
            held = Pattern.compile("\"id\":" + id + "[,}]");
            holding = new CountDownLatch(1);
            release = new CountDownLatch(1);
            ARMED.set(true);
        }

        static boolean awaitHolding() throws InterruptedException {
            return holding.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        static void release() {
            ARMED.set(false);
            release.countDown();
        }

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            Pattern pattern = held;
            if (pattern != null && record.value() != null
                    && pattern.matcher(new String(record.value(), StandardCharsets.UTF_8)).find()
                    && ARMED.compareAndSet(true, false)) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @AfterEach
    void letGoOfAnyHeldSend() {
        HoldingInterceptor.release();
    }

    private static PlatformProfile.Builder exactlyOnce(TestKafka kafka) {
        return kafka.profile().toBuilder().set("guarantee", "exactly-once").set("instance-id", "pod-0");
    }

    private static PlatformProfile.Builder holding(PlatformProfile.Builder profile) {
        return profile.kafka("producer", "interceptor.classes", HoldingInterceptor.class.getName());
    }

    private static long committed(TestKafka kafka, String app) {
        return kafka.committedOffsets(app).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The transaction of a transactional id, as the cluster's coordinator describes it. */
    private static TransactionDescription transaction(String transactionalId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the transaction of " + transactionalId, e);
        }
    }

    private static JsonNode json(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Integer> idsOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> json(r.value()).path("id").asInt()).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Echoes each event with the name of the instance that processed it: each consumer has its own object. */
    public static class NamedEcho {
        static volatile String nextName = "unnamed";

        private final String name = nextName;

        @Ferry(app = "eos-fenced", topics = "eos-fenced.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "eos-fenced.out", schema = Tagged.class))
        public List<Tagged> echo(List<Num> events) {
            return events.stream().map(e -> new Tagged(e.id(), name)).toList();
        }
    }

    @Test
    void a_second_instance_with_the_same_instance_id_fences_the_first_and_processes_its_events_exactly_once()
            throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos-fenced.in", 1);
        kafka.createTopic("eos-fenced.out", 1);
        kafka.produce("eos-fenced.in", ids(0, 40));
        PlatformProfile profile = holding(exactlyOnce(kafka)).set("shutdown-timeout", "2s").build();
        String transactionalId = "eos-fenced-pod-0-0";
        HoldingInterceptor.holdOutput(15);

        NamedEcho.nextName = "first";
        RunningApp first = FerryEngine.start(AppDescriptor.of(NamedEcho.class), profile);
        long committedByFirst;
        try {
            assertThat(HoldingInterceptor.awaitHolding()).as("the first instance is writing event 15").isTrue();
            await().atMost(WAIT).until(() -> transaction(transactionalId).state() == TransactionState.ONGOING);
            committedByFirst = committed(kafka, "eos-fenced");
            int firstEpoch = transaction(transactionalId).producerEpoch();

            NamedEcho.nextName = "second";
            try (RunningApp second = FerryEngine.start(AppDescriptor.of(NamedEcho.class), profile)) {
                // Its producer took the transactional id over as it started: the first's transaction is aborted.
                TransactionDescription taken = transaction(transactionalId);
                assertThat(taken.state()).isIn(TransactionState.COMPLETE_ABORT, TransactionState.EMPTY);
                assertThat(taken.producerEpoch()).isGreaterThan(firstEpoch);

                first.close(); // the fenced instance goes away, its held send interrupted
                HoldingInterceptor.release();
                await().atMost(WAIT).until(() -> committed(kafka, "eos-fenced") == 40);
                // Counted once the transaction has committed, so a moment after the offsets show.
                await().atMost(WAIT).untilAsserted(() -> assertThat(second.status().consumed())
                        .isEqualTo(40 - committedByFirst));
                assertThat(second.status().state()).isEqualTo(AppStatus.State.RUNNING);
            }
        } finally {
            HoldingInterceptor.release();
            first.close();
        }

        List<ConsumerRecord<String, String>> outputs = kafka.readAll("eos-fenced.out", WAIT);
        assertThat(idsOf(outputs)).as("the whole output, read_committed: every event once").isEqualTo(range(0, 40));
        List<String> by = outputs.stream().map(r -> json(r.value()).path("by").asText()).toList();
        List<String> expectedBy = new ArrayList<>(Collections.nCopies((int) committedByFirst, "first"));
        expectedBy.addAll(Collections.nCopies(40 - (int) committedByFirst, "second"));
        assertThat(by).as("the first's committed batches, then everything else by the second").isEqualTo(expectedBy);
        assertThat(committedByFirst).isBetween(1L, 15L);
        assertThat(kafka.readAll("eos-fenced.out", IsolationLevel.READ_UNCOMMITTED, WAIT))
                .extracting(r -> json(r.value()))
                .as("outputs of the first's aborted transaction are in the log, hidden from read_committed readers")
                .anyMatch(o -> o.path("by").asText().equals("first") && o.path("id").asInt() >= committedByFirst);
    }

    /** Counts how often each event reached the function. */
    public static class CountingEcho {
        static final Map<Integer, AtomicInteger> CALLS = new ConcurrentHashMap<>();

        @Ferry(app = "eos-timeout", topics = "eos-timeout.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "eos-timeout.out", schema = Num.class))
        public static List<Num> echo(List<Num> events) {
            events.forEach(e -> CALLS.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet());
            return events;
        }
    }

    @Test
    void a_transaction_open_past_its_timeout_is_aborted_and_its_events_are_processed_again_exactly_once()
            throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos-timeout.in", 1);
        kafka.createTopic("eos-timeout.out", 1);
        kafka.produce("eos-timeout.in", ids(0, 40));
        PlatformProfile profile = holding(exactlyOnce(kafka)).kafka("producer", "transaction.timeout.ms", "1500").build();
        String transactionalId = "eos-timeout-pod-0-0";
        HoldingInterceptor.holdOutput(15);

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(CountingEcho.class), profile)) {
            assertThat(HoldingInterceptor.awaitHolding()).as("the app is writing event 15").isTrue();
            await().atMost(WAIT).until(() -> transaction(transactionalId).state() == TransactionState.ONGOING);
            // The coordinator aborts a transaction older than its timeout (and bumps the producer's epoch).
            await().atMost(WAIT).until(() -> transaction(transactionalId).state() != TransactionState.ONGOING);
            HoldingInterceptor.release();

            await().atMost(WAIT).until(() -> committed(kafka, "eos-timeout") == 40);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(app.status().failure()).isEmpty();
            assertThat(app.scrapeMetrics()).as("a transaction the coordinator aborted is not the events' fault: "
                    + "the batch is given up as on a revocation, no failure or retry is counted")
                    .contains("ferry_failures_total{app=\"eos-timeout\",stage=\"write\"} 0.0")
                    .contains("ferry_retries_total{app=\"eos-timeout\"} 0.0");
        }

        assertThat(idsOf(kafka.readAll("eos-timeout.out", WAIT))).as("the whole output, read_committed: every event once")
                .isEqualTo(range(0, 40));
        assertThat(CountingEcho.CALLS.get(15)).as("the batch of the aborted transaction was processed again").hasValue(2);
        assertThat(idsOf(kafka.readAll("eos-timeout.out", IsolationLevel.READ_UNCOMMITTED, WAIT)))
                .as("the aborted transaction's outputs are in the log, hidden from read_committed readers")
                .hasSizeGreaterThan(40);
    }

    /** 3,000 random letters and digits: more than the output topic takes, even compressed. */
    private static final String INCOMPRESSIBLE = new Random(17).ints(3_000, 0, 62)
            .mapToObj(i -> String.valueOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(i)))
            .reduce("", String::concat);

    private static List<Padded> tooBigAtSeventeen(List<Num> events) {
        return events.stream().map(e -> new Padded(e.id(), e.id() == 17 ? INCOMPRESSIBLE : "")).toList();
    }

    public static class TooBigAtSeventeen {
        @Ferry(app = "eos-too-big", topics = "eos-too-big.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "eos-too-big.out", schema = Padded.class))
        public static List<Padded> handle(List<Num> events) {
            return tooBigAtSeventeen(events);
        }
    }

    @Test
    void an_output_the_broker_rejects_aborts_the_transaction_and_halts_at_its_event_with_all_before_it_committed_once() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos-too-big.in", 1);
        kafka.createTopic("eos-too-big.out", 1, Map.of("max.message.bytes", "2000"));
        kafka.produce("eos-too-big.in", ids(0, 30));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(TooBigAtSeventeen.class), exactlyOnce(kafka).build())) {
            await().atMost(WAIT).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus status = app.status();
            assertThat(status.failure().orElseThrow().position().offset()).isEqualTo(17);
            assertThat(status.notReadyReason())
                    .startsWith("app 'eos-too-big' is HALTED at topic 'eos-too-big.in' partition 0 offset 17 after 3 "
                            + "attempt(s): ")
                    .contains("RecordTooLargeException");
            assertThat(kafka.committedOffsets("eos-too-big")).isEqualTo(Map.of(new TopicPartition("eos-too-big.in", 0), 17L));
        }

        assertThat(kafka.readAllValues("eos-too-big.out", WAIT)).as("the whole output, read_committed")
                .containsExactlyElementsOf(IntStream.range(0, 17).mapToObj(i -> "{\"id\":" + i + ",\"padding\":\"\"}")
                        .toList());
        assertThat(idsOf(kafka.readAll("eos-too-big.out", IsolationLevel.READ_UNCOMMITTED, WAIT)))
                .as("the broker took nothing of event 17, and nothing after it was committed").doesNotContain(17)
                .allSatisfy(id -> assertThat(id).isLessThan(20));
    }

    public static class TooBigAtSeventeenDeadLettered {
        @Ferry(app = "eos-too-big-dl", topics = "eos-too-big-dl.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "eos-too-big-dl.out", schema = Padded.class))
        public static List<Padded> handle(List<Num> events) {
            return tooBigAtSeventeen(events);
        }
    }

    @Test
    void an_output_the_broker_rejects_goes_to_the_dead_letter_topic_and_the_rest_is_committed_exactly_once() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos-too-big-dl.in", 1);
        kafka.createTopic("eos-too-big-dl.out", 1, Map.of("max.message.bytes", "2000"));
        kafka.createTopic("eos-too-big-dl.dead-letter", 1);
        kafka.produce("eos-too-big-dl.in", ids(0, 30));
        PlatformProfile profile = exactlyOnce(kafka).set("poison-policy", "dead-letter").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(TooBigAtSeventeenDeadLettered.class), profile)) {
            await().atMost(WAIT).until(() -> committed(kafka, "eos-too-big-dl") == 30);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(app.status().deadLettered()).isEqualTo(1);
        }

        assertThat(kafka.readAllValues("eos-too-big-dl.out", WAIT)).as("the whole output, read_committed")
                .containsExactlyElementsOf(IntStream.range(0, 30).filter(i -> i != 17)
                        .mapToObj(i -> "{\"id\":" + i + ",\"padding\":\"\"}").toList());
        List<ConsumerRecord<String, String>> dead = kafka.readAll("eos-too-big-dl.dead-letter", WAIT);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{\"id\": 17}");
        assertThat(headers(dead.get(0)))
                .containsEntry("ferry.app", "eos-too-big-dl")
                .containsEntry("ferry.original.topic", "eos-too-big-dl.in")
                .containsEntry("ferry.original.partition", "0")
                .containsEntry("ferry.original.offset", "17")
                .containsEntry("ferry.error.stage", "write")
                .containsEntry("ferry.attempts", "3");
        assertThat(headers(dead.get(0)).get("ferry.error.message")).contains("RecordTooLargeException");
    }
}
