package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The polled batches a consumer's pipeline holds, oldest first, and the offsets that may be
 * committed: per partition, up to the first event not completed in any batch. So an offset is never
 * committed past an event whose outputs are not acknowledged, however the batches' sub-batches and
 * acknowledgements interleave. Fully completed batches at the head are dropped as offsets are taken.
 *
 * <p>Thread-safe: events are completed on worker and producer threads, offsets taken on the poll
 * thread.
 */
final class OffsetTracker {

    private final ArrayDeque<PolledBatch> batches = new ArrayDeque<>();
    private final Map<TopicPartition, Long> completedUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final BatchDone batchDone;
    private int remaining;
    private int waiters;

    /** Hears that every event of a batch completed, and how long after its poll. */
    @FunctionalInterface
    interface BatchDone {
        void done(int events, long nanos);
    }

    /** A tracker that reports, for each batch, the time from its poll to its last completion. */
    OffsetTracker(BatchDone batchDone) {
        this.batchDone = batchDone;
    }

    /** Adds a polled batch; it must follow every batch already added in poll order. */
    synchronized void add(PolledBatch batch) {
        batches.add(batch);
        remaining += batch.remaining();
    }

    /** Records events of {@code batch} as completed. */
    void complete(PolledBatch batch, Collection<Event> events) {
        int newly = batch.complete(events);
        synchronized (this) {
            remaining -= newly;
            if (waiters > 0) {
                notifyAll();
            }
        }
    }

    /** How many events polled are not completed. */
    synchronized int remaining() {
        return remaining;
    }

    /**
     * The offsets to commit that are newer than those already taken, per partition; each is the
     * offset of the partition's first event not completed (or after its last completed one).
     */
    synchronized Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
        scan();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        completedUpTo.forEach((tp, offset) -> {
            Long last = committed.get(tp);
            if (last == null || offset > last) {
                out.put(tp, new OffsetAndMetadata(offset));
                committed.put(tp, offset);
            }
        });
        return out;
    }

    /**
     * Records that {@code offset} of {@code partition} was committed outside the ledger (the end of a
     * bounded replay, {@link BoundedReplays}), so that it is never committed over with an earlier one.
     */
    synchronized void committedElsewhere(TopicPartition partition, long offset) {
        committed.merge(partition, offset, Math::max);
    }

    /** Offers offsets again whose commit failed, unless newer ones were taken since. */
    synchronized void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> committed.remove(tp, o.offset()));
    }

    private void scan() {
        Set<TopicPartition> blocked = new HashSet<>();
        int complete = 0;
        boolean leading = true;
        for (PolledBatch b : batches) {
            boolean wasComplete = b.positions(completedUpTo, blocked, true);
            leading &= wasComplete;
            complete += leading ? 1 : 0;
        }
        // Only batches that were complete when their positions were read: one that completed during the
        // scan must stay for the next, or its last offsets (and those of the batches after it) are lost.
        for (int i = 0; i < complete; i++) {
            done(batches.poll());
        }
    }

    private void done(PolledBatch b) {
        batchDone.done(b.size(), System.nanoTime() - b.polledAt());
    }

    /**
     * Drops the completed batches at the head, recording how long each took, for a guarantee that
     * commits nothing as it goes ({@link #takeCommittable} drops them itself, with its positions).
     */
    synchronized void prune() {
        while (!batches.isEmpty() && batches.peek().isComplete()) {
            done(batches.poll());
        }
    }

    /** Where each partition with events not yet completed must resume if the work is abandoned. */
    synchronized Map<TopicPartition, Long> resumePositions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        Set<TopicPartition> blocked = new HashSet<>();
        for (PolledBatch b : batches) {
            b.positions(positions, blocked, false);
        }
        positions.keySet().retainAll(blocked);
        return positions;
    }

    /** The Kafka timestamp of the first event not yet completed, per partition that has one. */
    synchronized Map<TopicPartition, Long> oldestPendingTimestamps() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (PolledBatch b : batches) {
            b.oldestPending(out);
        }
        return out;
    }

    /** The highest offset polled of each partition with events not completed. */
    synchronized Map<TopicPartition, Long> lastPendingOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        Set<TopicPartition> pending = resumePositions().keySet();
        for (PolledBatch b : batches) {
            b.lastOffsets().forEach((tp, offset) -> {
                if (pending.contains(tp)) {
                    out.merge(tp, offset, Math::max);
                }
            });
        }
        return out;
    }

    /** Whether an event of one of {@code partitions} is not completed. */
    synchronized boolean pendingIn(Collection<TopicPartition> partitions) {
        for (PolledBatch b : batches) {
            if (b.pendingIn(partitions)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until no event of {@code partitions} (of any partition, if null) is pending, or until
     * {@code deadlineNanos}; returns whether none is.
     */
    synchronized boolean awaitCompleted(Collection<TopicPartition> partitions, long deadlineNanos)
            throws InterruptedException {
        waiters++;
        try {
            while (partitions == null ? remaining > 0 : pendingIn(partitions)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } finally {
            waiters--;
        }
    }

    /**
     * Waits until fewer than {@code limit} events are pending, or until {@code deadlineNanos}; returns
     * whether fewer are. The poll thread waits here while fetching is paused for back-pressure, so that it
     * resumes as soon as there is room instead of polling to find out.
     */
    synchronized boolean awaitFewerThan(int limit, long deadlineNanos) throws InterruptedException {
        waiters++;
        try {
            while (remaining >= limit) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } finally {
            waiters--;
        }
    }

    /** Forgets partitions this consumer no longer owns. */
    synchronized void release(Collection<TopicPartition> partitions) {
        completedUpTo.keySet().removeAll(partitions);
        committed.keySet().removeAll(partitions);
    }
}
