package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one consumer's input offsets as its {@link DeliveryMode} says, on the poll thread: after
 * completion, what the ledger says is complete, asynchronously and at most every
 * {@value #INTERVAL_MS} ms, synchronously when asked (before a rebalance or a stop); before running
 * (at-most-once), a batch's ends before it is handed on; by the sink, nothing (the ledger is only
 * pruned). Commits are only ever of offsets the consumer still owns, and a failed asynchronous commit
 * is offered again. A synchronous commit waits at most what its {@code timeout} says when it starts:
 * the shutdown timeout at a rebalance, what is left of the stop's time during a stop.
 */
final class OffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    /** The longest a completed event waits to be committed while the consumer works. */
    static final long INTERVAL_MS = 100;

    private final String app;
    private final Consumer<byte[], byte[]> consumer;
    private final DeliveryMode.Commits mode;
    private final Supplier<Duration> timeout;
    private long lastCommitNanos;
    private boolean owed;

    OffsetCommitter(String app, Consumer<byte[], byte[]> consumer, DeliveryMode.Commits mode,
                    Supplier<Duration> timeout) {
        this.app = app;
        this.consumer = consumer;
        this.mode = mode;
        this.timeout = timeout;
    }

    /**
     * Commits what {@code tracker} has completed: at most every {@value #INTERVAL_MS} ms and
     * without waiting, unless {@code now}, which waits (as long as {@code timeout} says).
     */
    void commitCompleted(OffsetTracker tracker, boolean now) {
        if (mode != DeliveryMode.Commits.AFTER_COMPLETION) {
            tracker.prune(); // nothing to commit as it goes, but completed batches must still go
            return;
        }
        long t = System.nanoTime();
        if (!now && t - lastCommitNanos < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS)) {
            owed = true;
            return;
        }
        owed = false;
        lastCommitNanos = t;
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.takeCommittable();
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        if (!now) {
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    tracker.commitFailed(committed);
                    LOG.debug("app '{}': commit of {} failed ({}); it is retried", app, committed, e.toString());
                }
            });
            return;
        }
        try {
            commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("app '{}': commit of {} was refused by the group ({}); the events will be processed again by "
                    + "their next owner", app, offsets, e.getMessage());
        } catch (KafkaException e) {
            tracker.commitFailed(offsets);
            LOG.warn("app '{}': commit of {} failed ({}); those events will be processed again unless a later commit "
                    + "succeeds", app, offsets, e.toString());
        }
    }

    /**
     * At-most-once: commits the end of a batch before it runs, so that it counts as done whatever
     * happens next; if that cannot be recorded, seeks back so the batch is read again, and returns
     * false.
     */
    boolean commitBeforeRunning(List<Event> batch) {
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (Event r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            ends.put(tp, new OffsetAndMetadata(r.offset() + 1));
            starts.putIfAbsent(tp, r.offset());
        }
        try {
            consumer.commitSync(ends);
            return true;
        } catch (KafkaException e) {
            LOG.warn("app '{}': cannot commit before running the batch ({}); reading it again", app, e.toString());
            starts.forEach((tp, offset) -> {
                if (consumer.assignment().contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
            return false;
        }
    }

    /** Whether the consumer commits offsets before running their events (at-most-once). */
    boolean commitsBeforeRunning() {
        return mode == DeliveryMode.Commits.BEFORE_RUNNING;
    }

    /**
     * How long a poll may wait with nothing in flight: until a commit put off by the interval is due,
     * so that the last events' offsets are committed within {@value #INTERVAL_MS} ms, not a whole
     * idle poll later.
     */
    Duration idlePoll(Duration max) {
        if (!owed) {
            return max;
        }
        long dueInNanos = lastCommitNanos + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS) - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(dueInNanos, max.toNanos())));
    }

    /** A synchronous commit that a pending stop's wake-up does not abort, only shortens. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, timeout.get());
        } catch (WakeupException e) {
            consumer.commitSync(offsets, timeout.get());
        }
    }
}
