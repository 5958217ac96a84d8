package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.SkipRecord;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.Sink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A halted loop goes on after the event on-call skipped, and only that one: the loop against
 * Kafka's {@link MockConsumer} for its input and its audit topic (the broker tests in ferry-cli's
 * {@code OnCallCommandsTest} cover the same end to end).
 */
class SkipPastTest {

    private static final String IN = "in";
    private static final TopicPartition P0 = new TopicPartition(IN, 0);
    private static final String AUDIT = "ferry.audit";
    private static final TopicPartition A0 = new TopicPartition(AUDIT, 0);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** The skips the loop told its listeners about. */
    static final class Skips implements LifecycleListener {
        final List<EventPosition> skipped = new CopyOnWriteArrayList<>();
        volatile EventPosition haltedAt;

        @Override
        public void halted(int consumer, EventPosition position, int attempts, String reason) {
            haltedAt = position;
        }

        @Override
        public void skipped(int consumer, EventPosition position, String by, String reason) {
            skipped.add(position);
        }
    }

    private final ConsumerLoopTest.LogConsumer consumer = new ConsumerLoopTest.LogConsumer();
    private final MockConsumer<String, String> audit = new MockConsumer<>("earliest");
    private final ConsumerLoopTest.MemorySink sink = new ConsumerLoopTest.MemorySink();
    private final Skips skips = new Skips();
    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private ConsumerLoop loop;
    private long auditOffset;

    @BeforeEach
    void reset() {
        ConsumerLoopTest.Echo.BLOCKING.clear();
        ConsumerLoopTest.Echo.FAILING.clear();
        audit.updatePartitions(AUDIT, List.of(new PartitionInfo(AUDIT, 0, null, null, null)));
        audit.updateBeginningOffsets(Map.of(A0, 0L));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            loop.awaitFinished(PATIENCE);
        }
        pool.shutdownNow();
    }

    private void start() {
        start(Guarantee.AT_LEAST_ONCE);
    }

    private void start(Guarantee guarantee) {
        Listeners listeners = new Listeners("echo", List.of(skips));
        BatchProcessor processor = TestParts.processor(dev.ferry.engine.AppDescriptor.of(ConsumerLoopTest.Echo.class),
                listeners);
        SinkWriter writer = new SinkWriter(sink);
        BatchRunner runner = new BatchRunner("echo", processor, writer,
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 2), null);
        DeliveryMode mode = DeliveryMode.of(guarantee, Sink.Offsets.CONSUMER);
        loop = new ConsumerLoop(new ConsumerLoop.Parts("echo", 0, List.of(IN), consumer,
                () -> new Pipeline("echo", 0, 1, processor, writer, runner, listeners, pool, mode.waitForEachWrite()),
                writer, processor, pool, mode, listeners, new GroupMetadataHolder(), PATIENCE, 400,
                new ClusterContact.Expectation("mock", Duration.ofSeconds(6)),
                new SkipWatcher("echo", AUDIT, () -> audit)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 5L)); // the lag sampler reads it while halted
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        new Thread(loop, "skip-past-test").start();
    }

    /** Writes a skip of {@code app}'s event at {@code offset} of partition 0 to the audit topic. */
    private void skip(String app, long offset) {
        SkipRecord record = new SkipRecord(app, new EventPosition(IN, 0, offset), "alice", Instant.now(), "broken",
                null, null);
        long at = auditOffset++;
        audit.schedulePollTask(() -> audit.addRecord(new ConsumerRecord<>(AUDIT, 0, at, app, record.toJson())));
    }

    @Test
    void a_halted_loop_goes_on_after_the_skipped_event_and_commits_past_it() {
        ConsumerLoopTest.Echo.FAILING.add(2);
        start();
        consumer.schedulePollTask(() -> consumer.append(P0, 0, 1, 2, 3, 4));
        await().atMost(PATIENCE).until(() -> skips.haltedAt != null); // the loop is HALTED just before it says so
        assertThat(skips.haltedAt).isEqualTo(new EventPosition(IN, 0, 2));
        assertThat(loop.state()).isEqualTo(LoopState.HALTED);

        skip("other-app", 2);
        skip("echo", 3);
        skip("echo", 2);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 5);
        assertThat(sink.numbers()).as("all but the skipped event, once").containsExactly(0, 1, 3, 4);
        assertThat(skips.skipped).as("only the skip of the event it halted at, of its own app")
                .containsExactly(new EventPosition(IN, 0, 2));
        List<Long> commits = consumer.commits.stream().map(c -> c.get(P0)).toList();
        assertThat(commits).as("the skip commits past the event at once").contains(3L);
        assertThat(commits.subList(0, commits.indexOf(3L))).as("nothing past the halted event before: %s", commits)
                .isNotEmpty().allMatch(o -> o <= 2);
        assertThat(loop.state()).isEqualTo(LoopState.RUNNING);
    }

    @Test
    void a_skip_written_before_the_halt_is_honoured_when_the_loop_halts_at_that_event() {
        ConsumerLoopTest.Echo.FAILING.add(1);
        skip("echo", 1);
        start();
        consumer.schedulePollTask(() -> consumer.append(P0, 0, 1, 2));

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 3);
        assertThat(skips.haltedAt).as("it halted first").isEqualTo(new EventPosition(IN, 0, 1));
        assertThat(sink.numbers()).containsExactly(0, 2);
        assertThat(skips.skipped).containsExactly(new EventPosition(IN, 0, 1));
    }

    @Test
    void an_at_most_once_loop_goes_on_from_where_it_fetched_and_never_moves_its_commit_back() {
        ConsumerLoopTest.Echo.FAILING.add(2);
        start(Guarantee.AT_MOST_ONCE);
        consumer.schedulePollTask(() -> consumer.append(P0, 0, 1, 2, 3, 4));
        await().atMost(PATIENCE).until(() -> skips.haltedAt != null);

        skip("echo", 2);
        await().atMost(PATIENCE).until(() -> !skips.skipped.isEmpty());
        consumer.schedulePollTask(() -> consumer.append(P0, 5, 6));

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 7);
        await().atMost(PATIENCE).until(() -> sink.numbers().containsAll(List.of(5, 6)));
        assertThat(sink.numbers()).as("never twice, never the skipped event").doesNotHaveDuplicates()
                .doesNotContain(2).startsWith(0, 1).endsWith(5, 6);
        List<Long> commits = consumer.commits.stream().map(c -> c.get(P0)).toList();
        assertThat(commits).as("the committed offset never goes back: %s", commits).isSorted();
    }
}
