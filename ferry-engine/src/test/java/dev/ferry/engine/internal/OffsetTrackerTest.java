package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The commit point never passes an event whose outputs are not acknowledged, whatever order events complete in. */
class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private final AtomicInteger batchesDone = new AtomicInteger();
    private final OffsetTracker tracker = new OffsetTracker((events, nanos) -> batchesDone.incrementAndGet());

    private static InRecord event(int partition, long offset) {
        return new InRecord("in", partition, offset, 1000 + offset, ("k" + offset).getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static List<Event> events(int partition, long from, long to) {
        List<Event> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(event(partition, o));
        }
        return out;
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committable) {
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        committable.forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    @Test
    void nothing_is_committable_until_the_first_event_of_a_partition_completes() {
        PolledBatch batch = PolledBatch.of(events(0, 10, 15));
        tracker.add(batch);
        tracker.complete(batch, List.of(event(0, 12), event(0, 13)));

        assertThat(tracker.takeCommittable()).isEmpty();
        assertThat(tracker.resumePositions()).containsExactlyEntriesOf(Map.of(P0, 10L));
        assertThat(tracker.oldestPendingTimestamps()).containsExactlyEntriesOf(Map.of(P0, 1010L));
        assertThat(tracker.remaining()).isEqualTo(3);
    }

    @Test
    void the_commit_point_stops_at_the_first_event_not_completed_and_moves_on_when_it_completes() {
        PolledBatch batch = PolledBatch.of(events(0, 10, 15));
        tracker.add(batch);
        tracker.complete(batch, List.of(event(0, 10), event(0, 11), event(0, 13), event(0, 14)));
        assertThat(offsets(tracker.takeCommittable())).containsExactlyEntriesOf(Map.of(P0, 12L));
        assertThat(tracker.takeCommittable()).as("nothing new").isEmpty();

        tracker.complete(batch, List.of(event(0, 12)));
        assertThat(offsets(tracker.takeCommittable())).containsExactlyEntriesOf(Map.of(P0, 15L));
        assertThat(tracker.remaining()).isZero();
        assertThat(batchesDone).hasValue(1);
        assertThat(tracker.resumePositions()).isEmpty();
    }

    @Test
    void a_later_batch_that_completes_first_is_not_committed_past_an_earlier_one() {
        PolledBatch first = PolledBatch.of(events(0, 0, 5));
        PolledBatch second = PolledBatch.of(concat(events(0, 5, 10), events(1, 0, 5)));
        tracker.add(first);
        tracker.add(second);
        tracker.complete(second, second.events());

        assertThat(offsets(tracker.takeCommittable())).as("partition 1 is only in the second batch")
                .containsExactlyEntriesOf(Map.of(P1, 5L));
        assertThat(tracker.resumePositions()).containsExactlyEntriesOf(Map.of(P0, 0L));

        tracker.complete(first, first.events());
        assertThat(offsets(tracker.takeCommittable())).containsExactlyEntriesOf(Map.of(P0, 10L));
        assertThat(batchesDone).hasValue(2);
    }

    @Test
    void offsets_whose_commit_failed_are_offered_again_unless_newer_ones_were_taken() {
        PolledBatch batch = PolledBatch.of(events(0, 0, 4));
        tracker.add(batch);
        tracker.complete(batch, events(0, 0, 2));
        Map<TopicPartition, OffsetAndMetadata> taken = tracker.takeCommittable();
        tracker.commitFailed(taken);
        assertThat(offsets(tracker.takeCommittable())).containsExactlyEntriesOf(Map.of(P0, 2L));

        tracker.complete(batch, events(0, 2, 4));
        Map<TopicPartition, OffsetAndMetadata> newer = tracker.takeCommittable();
        tracker.commitFailed(taken);
        assertThat(offsets(newer)).containsExactlyEntriesOf(Map.of(P0, 4L));
        assertThat(tracker.takeCommittable()).as("the old failure does not bring back an older offset").isEmpty();
    }

    @Test
    void waits_for_the_events_of_given_partitions_only() throws InterruptedException {
        PolledBatch batch = PolledBatch.of(concat(events(0, 0, 2), events(1, 0, 2)));
        tracker.add(batch);
        tracker.complete(batch, events(1, 0, 2));

        assertThat(tracker.pendingIn(List.of(P1))).isFalse();
        assertThat(tracker.awaitCompleted(List.of(P1), System.nanoTime())).isTrue();
        assertThat(tracker.awaitCompleted(List.of(P0), System.nanoTime() + 1_000_000)).isFalse();
        assertThat(tracker.lastPendingOffsets()).containsExactlyEntriesOf(Map.of(P0, 1L));
    }

    @Test
    void waiting_for_room_returns_once_a_completion_on_another_thread_leaves_fewer_pending() throws Exception {
        PolledBatch batch = PolledBatch.of(events(0, 0, 4));
        tracker.add(batch);
        assertThat(tracker.awaitFewerThan(4, System.nanoTime())).as("4 pending, no time to wait").isFalse();
        assertThat(tracker.awaitFewerThan(5, System.nanoTime())).as("already room").isTrue();

        Thread completer = new Thread(() -> tracker.complete(batch, events(0, 0, 1)));
        java.util.concurrent.CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitFewerThan(4, System.nanoTime() + Duration.ofSeconds(30).toNanos());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().until(() -> threadWaitingIn(tracker));
        completer.start();

        assertThat(waited.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.remaining()).isEqualTo(3);
    }

    /** Whether some thread waits on the tracker's monitor (its waiter count is private: ask the JVM). */
    private static boolean threadWaitingIn(OffsetTracker tracker) {
        for (ThreadInfo t : ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, false)) {
            if (t.getThreadState() == Thread.State.TIMED_WAITING && t.getLockInfo() != null
                    && t.getLockInfo().getIdentityHashCode() == System.identityHashCode(tracker)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void completed_batches_are_let_go_even_when_nothing_is_committed_as_it_goes() {
        PolledBatch first = PolledBatch.of(events(0, 0, 2));
        PolledBatch second = PolledBatch.of(events(0, 2, 4));
        tracker.add(first);
        tracker.add(second);
        tracker.complete(first, first.events());
        second.releaseEvents();
        tracker.complete(second, List.of(event(0, 2)));

        tracker.prune();
        assertThat(batchesDone).as("only the completed head is dropped").hasValue(1);
        assertThat(tracker.resumePositions()).containsExactlyEntriesOf(Map.of(P0, 3L));
        assertThat(second.events()).as("a released batch keeps only its offsets").isEmpty();
    }

    @Test
    void the_commit_point_reaches_the_end_however_completions_and_scans_interleave() throws Exception {
        for (int round = 0; round < 200; round++) {
            OffsetTracker racing = new OffsetTracker((events, nanos) -> { });
            List<PolledBatch> batches = new ArrayList<>();
            for (int b = 0; b < 20; b++) {
                PolledBatch batch = PolledBatch.of(events(0, b * 10L, b * 10L + 10));
                batches.add(batch);
                racing.add(batch);
            }
            List<Runnable> completions = new ArrayList<>();
            for (PolledBatch batch : batches) {
                for (Event e : batch.events()) {
                    completions.add(() -> racing.complete(batch, List.of(e)));
                }
            }
            java.util.Collections.shuffle(completions, new java.util.Random(round));
            Thread completer = new Thread(() -> completions.forEach(Runnable::run));
            completer.start();
            long committed = -1;
            while (completer.isAlive()) {
                OffsetAndMetadata o = racing.takeCommittable().get(P0);
                committed = o != null ? o.offset() : committed;
            }
            completer.join();
            OffsetAndMetadata o = racing.takeCommittable().get(P0);
            committed = o != null ? o.offset() : committed;
            assertThat(committed).as("round %d", round).isEqualTo(200);
        }
    }

    @Test
    void an_event_from_another_batch_is_refused() {
        PolledBatch batch = PolledBatch.of(events(0, 0, 2));
        tracker.add(batch);
        assertThatThrownBy(() -> tracker.complete(batch, List.of(event(0, 7))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic 'in' partition 0 offset 7");
    }

    private static List<Event> concat(List<Event> a, List<Event> b) {
        List<Event> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
