package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A loop ends a bounded replay where its record says and goes on from where the app was before it,
 * under each guarantee: the loop against Kafka's {@code MockConsumer} (the broker tests in ferry-cli's
 * {@code ReplayCommandTest} cover the same end to end). Each case starts from a committed offset, as
 * an app does after {@code ferry replay} moved it, or after a crash mid-replay.
 */
class BoundedReplayTest {

    private static final String IN = "in";
    private static final TopicPartition P0 = new TopicPartition(IN, 0);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ConsumerLoopTest.LogConsumer consumer = new ConsumerLoopTest.LogConsumer();
    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private Sink sink;
    private ConsumerLoopTest.MemorySink written;
    private ConsumerLoop loop;

    /**
     * Keeps every output and commits its events' offsets with them, as a transactional sink does
     * (recorded with the consumer's own commits, in order).
     */
    private final class TransactionSink implements Sink {
        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            written.write(batch);
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            batch.nextOffsets().forEach((p, o) -> offsets.put(new TopicPartition(p.topic(), p.partition()), o));
            // as the group sees it; not through the mock consumer, which only its poll thread may use
            consumer.commits.add(offsets);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Offsets offsets() {
            return Offsets.GROUP_TRANSACTION;
        }

        @Override
        public void close() {
        }
    }

    /** The three guarantees, each with the sink that goes with it. */
    enum Mode {
        AT_LEAST_ONCE(Guarantee.AT_LEAST_ONCE), AT_MOST_ONCE(Guarantee.AT_MOST_ONCE), EXACTLY_ONCE(Guarantee.EXACTLY_ONCE);

        final Guarantee guarantee;

        Mode(Guarantee guarantee) {
            this.guarantee = guarantee;
        }
    }

    @BeforeEach
    void reset() {
        ConsumerLoopTest.Echo.BLOCKING.clear();
        ConsumerLoopTest.Echo.FAILING.clear();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            loop.awaitFinished(PATIENCE);
        }
        pool.shutdownNow();
    }

    private static ReplayRecord replay(long from, Long to, long resumeAt) {
        return new ReplayRecord("r-1", "echo", IN, 0, from, to, resumeAt, "alice", Instant.parse("2026-12-01T10:00:00Z"),
                "re-check");
    }

    /** Starts the loop on partition 0 holding events 0 to {@code events - 1}, committed at {@code committed}. */
    private void start(Mode mode, ReplayRecord replay, long committed, int events) {
        start(mode, replay, committed, events, events);
    }

    /**
     * As above, with events from {@code later} on appended in a later poll: a poll that ends at the
     * replay's end makes the loop seek over the stretch.
     */
    private void start(Mode mode, ReplayRecord replay, long committed, int events, int later) {
        written = new ConsumerLoopTest.MemorySink();
        sink = mode == Mode.EXACTLY_ONCE ? new TransactionSink() : written;
        Listeners listeners = new Listeners("echo", List.of());
        BatchProcessor processor = TestParts.processor(dev.ferry.engine.AppDescriptor.of(ConsumerLoopTest.Echo.class),
                listeners);
        SinkWriter writer = new SinkWriter(sink);
        BatchRunner runner = new BatchRunner("echo", processor, writer,
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 2), null);
        DeliveryMode delivery = DeliveryMode.of(mode.guarantee, sink.offsets());
        loop = new ConsumerLoop(new ConsumerLoop.Parts("echo", 0, List.of(IN), consumer,
                () -> new Pipeline("echo", 0, 1, processor, writer, runner, listeners, pool, delivery.waitForEachWrite()),
                writer, processor, pool, delivery, listeners, new GroupMetadataHolder(), PATIENCE, 400,
                new ClusterContact.Expectation("mock", Duration.ofSeconds(6)), null, Map.of(P0, replay)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) events));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(committed)));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.seek(P0, committed); // where a real consumer starts: the committed offset
        });
        consumer.schedulePollTask(() -> consumer.append(P0, java.util.stream.IntStream.range(0, later).toArray()));
        if (later < events) {
            consumer.schedulePollTask(() -> consumer.append(P0, java.util.stream.IntStream.range(later, events)
                    .toArray()));
        }
        new Thread(loop, "bounded-replay-test").start();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_bounded_replay_in_one_poll_processes_its_range_again_then_goes_on(Mode mode) {
        start(mode, replay(2, 4L, 8), 2, 12);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 12);
        assertThat(written.numbers()).containsExactly(2, 3, 4, 8, 9, 10, 11);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_bounded_replay_processes_its_range_again_then_goes_on_from_where_the_app_was(Mode mode) {
        start(mode, replay(2, 4L, 8), 2, 12, 5);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 12);
        assertThat(written.numbers()).as("2 to 4 again, then from 8 on; 5 to 7 not again")
                .containsExactly(2, 3, 4, 8, 9, 10, 11);
        List<Long> commits = consumer.commits.stream().map(c -> c.get(P0)).filter(java.util.Objects::nonNull).toList();
        assertThat(commits).as("the committed offset never goes back: %s", commits).isSorted();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_app_that_crashed_after_the_end_jumps_and_commits_the_jump_with_nothing_after_it(Mode mode) {
        start(mode, replay(2, 4L, 8), 6, 8);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 8);
        assertThat(written.numbers()).as("nothing: 6 and 7 were processed before the replay").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_replay_that_is_done_or_runs_to_the_end_drops_nothing(Mode mode) {
        start(mode, replay(2, 4L, 8), 9, 11);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 11);
        assertThat(written.numbers()).containsExactly(9, 10);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_later_replay_without_an_end_is_not_cut_short(Mode mode) {
        start(mode, replay(3, null, 8), 3, 10);

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 10);
        assertThat(written.numbers()).containsExactly(3, 4, 5, 6, 7, 8, 9);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_partition_given_up_and_assigned_again_mid_replay_starts_from_its_commit_and_still_jumps(Mode mode) {
        start(mode, replay(2, 4L, 8), 2, 5, 5);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of())); // another instance takes it...
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0)); // ...and gives it back: it starts from the committed offset
            consumer.seek(P0, Math.max(0, consumer.committed(P0)));
        });
        consumer.schedulePollTask(() -> consumer.append(P0, 5, 6, 7, 8, 9, 10, 11));

        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 12);
        assertThat(written.numbers()).as("2 to 4 (again, if given up before their commit), then 8 on; never 5 to 7")
                .doesNotContain(5, 6, 7).containsSubsequence(2, 3, 4, 8, 9, 10, 11).endsWith(8, 9, 10, 11);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void a_replay_that_halts_before_its_end_commits_nothing_past_the_failing_event(Mode mode) {
        ConsumerLoopTest.Echo.FAILING.add(3);
        start(mode, replay(2, 4L, 8), 2, 10);

        await().atMost(PATIENCE).until(() -> loop.state() == LoopState.HALTED);
        assertThat(written.numbers()).containsExactly(2);
        await().atMost(PATIENCE).until(() -> consumer.committed(P0) == 3);
        assertThat(consumer.commits.stream().map(c -> c.get(P0)).filter(java.util.Objects::nonNull))
                .as("no jump over the failing event").allMatch(o -> o <= 3);
    }
}
