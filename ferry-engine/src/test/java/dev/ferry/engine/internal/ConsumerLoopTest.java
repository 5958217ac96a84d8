package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop against Kafka's {@link MockConsumer}, for what a broker makes hard to time: a
 * rebalance while a batch is in the function, a poll that fails, a stop while halted. The broker
 * tests cover the same contract end to end.
 */
class ConsumerLoopTest {

    private static final String IN = "in";
    private static final TopicPartition P0 = new TopicPartition(IN, 0);
    private static final TopicPartition P1 = new TopicPartition(IN, 1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    record Reading(int n) {
    }

    /** Echoes readings; blocks on {@link #BLOCKING} until the gate opens, and always fails on {@link #FAILING}. */
    static final class Echo {
        static final Set<Integer> BLOCKING = ConcurrentHashMap.newKeySet();
        static final Set<Integer> FAILING = ConcurrentHashMap.newKeySet();
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch gate = new CountDownLatch(1);

        @Ferry(app = "echo", topics = IN, outputs = @Output(topic = "out", schema = Reading.class))
        static List<Reading> run(List<Reading> readings) throws InterruptedException {
            for (Reading r : readings) {
                if (FAILING.contains(r.n())) {
                    throw new IllegalStateException("cannot echo " + r.n());
                }
                if (BLOCKING.contains(r.n())) {
                    entered.countDown();
                    gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return readings;
        }
    }

    /** Keeps every output, durable at once. */
    static final class MemorySink implements Sink {
        final List<OutputRecord> written = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            written.addAll(batch.outputs());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }

        List<Integer> numbers() {
            return written.stream().map(r -> Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)
                    .replaceAll("\\D", ""))).toList();
        }
    }

    /** What the loop told the app's listeners. */
    static final class Recording implements LifecycleListener {
        final List<String> halts = new CopyOnWriteArrayList<>();
        final List<Collection<Partition>> revoked = new CopyOnWriteArrayList<>();
        volatile EventPosition haltedAt;

        @Override
        public void halted(int consumer, EventPosition position, int attempts, String reason) {
            haltedAt = position;
            halts.add(reason);
        }

        @Override
        public void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
            revoked.add(partitions);
        }
    }

    /**
     * A {@link MockConsumer} that keeps what was added as a log, so that a seek back reads it again,
     * as a real partition does (the mock forgets records once polled).
     */
    static final class LogConsumer extends MockConsumer<byte[], byte[]> {
        private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new ConcurrentHashMap<>();

        LogConsumer() {
            super("earliest");
        }

        /** Appends events {"n": ...} to a partition; call from a poll task, once it is assigned. */
        synchronized void append(TopicPartition tp, int... numbers) {
            List<ConsumerRecord<byte[], byte[]>> partition = log.computeIfAbsent(tp, k -> new CopyOnWriteArrayList<>());
            for (int n : numbers) {
                ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(tp.topic(), tp.partition(), partition.size(),
                        null, ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8));
                partition.add(r);
                addRecord(r);
            }
        }

        /** Every commit, in order, as the consumer was asked to make it. */
        final List<Map<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();

        private void record(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<TopicPartition, Long> o = new java.util.HashMap<>();
            offsets.forEach((tp, om) -> o.put(tp, om.offset()));
            commits.add(o);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            record(offsets);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            super.commitSync(offsets, timeout);
            record(offsets);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             org.apache.kafka.clients.consumer.OffsetCommitCallback callback) {
            super.commitAsync(offsets, callback);
            record(offsets);
        }

        /** The last offset committed of a partition, or -1. */
        long committed(TopicPartition tp) {
            long last = -1;
            for (Map<TopicPartition, Long> c : commits) {
                last = c.getOrDefault(tp, last);
            }
            return last;
        }

        @Override
        public synchronized void seek(TopicPartition tp, long offset) {
            super.seek(tp, offset);
            for (ConsumerRecord<byte[], byte[]> r : log.getOrDefault(tp, List.of())) {
                if (r.offset() >= offset) {
                    addRecord(r);
                }
            }
        }
    }

    private final LogConsumer consumer = new LogConsumer();
    private final MemorySink sink = new MemorySink();
    private final Recording recording = new Recording();
    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private ConsumerLoop loop;
    private Thread thread;

    @BeforeEach
    void reset() {
        Echo.BLOCKING.clear();
        Echo.FAILING.clear();
        Echo.entered = new CountDownLatch(1);
        Echo.gate = new CountDownLatch(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        Echo.gate.countDown();
        if (loop != null) {
            loop.stop();
            loop.awaitFinished(PATIENCE);
        }
        pool.shutdownNow();
    }

    private void start(Duration shutdownTimeout, int retries) {
        Listeners listeners = new Listeners("echo", List.of(recording));
        BatchProcessor processor = TestParts.processor(dev.ferry.engine.AppDescriptor.of(Echo.class), listeners);
        SinkWriter writer = new SinkWriter(sink);
        BatchRunner runner = new BatchRunner("echo", processor, writer,
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), retries), null);
        DeliveryMode mode = DeliveryMode.of(Guarantee.AT_LEAST_ONCE, Sink.Offsets.CONSUMER);
        loop = new ConsumerLoop(new ConsumerLoop.Parts("echo", 0, List.of(IN), consumer,
                () -> new Pipeline("echo", 0, 1, processor, writer, runner, listeners, pool, false),
                writer, processor, pool, mode, listeners, new GroupMetadataHolder(), shutdownTimeout, 400,
                new ClusterContact.Expectation("mock", Duration.ofSeconds(6))));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        thread = new Thread(loop, "consumer-loop-test");
        thread.start();
    }

    /** Adds events on the poll thread, once the partitions are assigned. */
    private void events(TopicPartition tp, int... numbers) {
        consumer.schedulePollTask(() -> consumer.append(tp, numbers));
    }

    private long committed(TopicPartition tp) {
        return consumer.committed(tp);
    }

    @Test
    void a_rebalance_in_the_middle_of_a_batch_waits_for_it_and_commits_it_before_the_partition_goes() throws Exception {
        Echo.BLOCKING.add(1);
        start(PATIENCE, 1);
        events(P0, 0, 1, 2);
        events(P1, 10, 11, 12);
        assertThat(Echo.entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("the function is running").isTrue();

        CountDownLatch revoking = new CountDownLatch(1);
        consumer.schedulePollTask(() -> {
            revoking.countDown();
            consumer.rebalance(List.of(P1));
        });
        assertThat(revoking.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(recording.revoked).as("the revocation waits for the batch in flight").isEmpty();
        Echo.gate.countDown();

        await().atMost(PATIENCE).until(() -> !recording.revoked.isEmpty());
        assertThat(recording.revoked.get(0)).containsExactly(new Partition(IN, 0));
        assertThat(committed(P0)).as("the revoked partition's batch was committed before it went: %s",
                consumer.commits).isEqualTo(3);
        events(P1, 13);
        await().atMost(PATIENCE).until(() -> committed(P1) == 4);
        assertThat(sink.numbers()).containsExactlyInAnyOrder(0, 1, 2, 10, 11, 12, 13);
    }

    @Test
    void a_rebalance_that_cannot_wait_gives_the_batch_up_and_goes_back_over_the_partitions_that_stay() throws Exception {
        Echo.BLOCKING.add(1);
        start(Duration.ofMillis(200), 1);
        events(P0, 0, 1, 2);
        events(P1, 10, 11, 12);
        assertThat(Echo.entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(PATIENCE).until(() -> !recording.revoked.isEmpty());
        assertThat(committed(P0)).as("nothing of the abandoned batch is committed").isEqualTo(-1);
        Echo.BLOCKING.clear();
        Echo.gate.countDown(); // the abandoned call returns; its outputs must not be written

        await().atMost(PATIENCE).until(() -> committed(P1) == 3);
        assertThat(sink.numbers()).as("the kept partition processed again once, the revoked one not at all")
                .containsExactly(10, 11, 12);
        assertThat(recording.halts).isEmpty();
    }

    @Test
    void a_poll_that_fails_for_a_passing_reason_is_polled_again() {
        start(PATIENCE, 1);
        events(P0, 0);
        await().atMost(PATIENCE).until(() -> committed(P0) == 1);

        consumer.schedulePollTask(() -> consumer.setPollException(new TimeoutException("the broker is slow")));
        events(P0, 1);

        await().atMost(PATIENCE).until(() -> committed(P0) == 2);
        assertThat(loop.isRunning()).isTrue();
        assertThat(recording.halts).isEmpty();
        assertThat(sink.numbers()).containsExactly(0, 1);
    }

    @Test
    void a_poll_that_fails_for_good_stops_the_consumer_as_halted_with_nothing_more_committed() throws Exception {
        start(PATIENCE, 1);
        events(P0, 0);
        await().atMost(PATIENCE).until(() -> committed(P0) == 1);

        consumer.schedulePollTask(() -> consumer.setPollException(new KafkaException("the consumer is broken")));

        assertThat(loop.awaitFinished(PATIENCE)).as("the loop ends").isTrue();
        assertThat(recording.halts).singleElement().asString()
                .startsWith("consumer stopped on an unexpected error: org.apache.kafka.common.KafkaException: the "
                        + "consumer is broken");
        assertThat(consumer.closed()).isTrue();
        assertThat(committed(P0)).isEqualTo(1);
    }

    @Test
    void a_stop_while_halted_leaves_the_failing_event_uncommitted_and_closes_the_consumer() throws Exception {
        Echo.FAILING.add(2);
        start(PATIENCE, 2);
        events(P0, 0, 1, 2, 3);
        events(P1, 10);

        await().atMost(PATIENCE).until(() -> recording.haltedAt != null);
        assertThat(recording.haltedAt).isEqualTo(new EventPosition(IN, 0, 2));
        await().atMost(PATIENCE).until(() -> committed(P0) == 2);
        assertThat(consumer.paused()).as("halted: every partition paused").containsExactlyInAnyOrder(P0, P1);
        events(P1, 11);
        assertThat(loop.state()).isEqualTo(LoopState.HALTED);

        loop.stop();

        assertThat(loop.awaitFinished(PATIENCE)).isTrue();
        assertThat(consumer.closed()).isTrue();
        assertThat(committed(P0)).as("the failing event and what follows stay uncommitted").isEqualTo(2);
        assertThat(sink.numbers()).as("nothing after the failing event, nothing polled while halted")
                .doesNotContain(2, 3, 11).contains(0, 1);
        assertThat(loop.state()).isEqualTo(LoopState.CLOSED);
    }
}
