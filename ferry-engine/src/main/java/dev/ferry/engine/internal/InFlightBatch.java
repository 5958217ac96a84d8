package dev.ferry.engine.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of the batch a worker is running, shared between that worker and the poll thread:
 * the worker records what it completed, the poll thread takes those offsets to commit and, if it
 * abandons the batch, learns where each partition must resume. Offsets only ever move forward, and
 * only past events whose outputs are acknowledged.
 */
final class InFlightBatch extends ReportingListener implements PendingWork {

    private final List<InRecord> batch;
    private final Cancellation cancellation = new Cancellation();
    private final Semaphore progress = new Semaphore(0);
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private volatile Future<?> future;

    InFlightBatch(List<InRecord> batch, AppState state, int consumerIndex) {
        super(state, consumerIndex);
        this.batch = batch;
        for (InRecord r : batch) {
            resumeAt.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
    }

    void start(Future<?> f) {
        this.future = f;
    }

    Future<?> future() {
        return future;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    /** The partitions this batch has events of. */
    synchronized Set<TopicPartition> partitions() {
        return Set.copyOf(resumeAt.keySet());
    }

    boolean touches(Collection<TopicPartition> partitions) {
        return partitions().stream().anyMatch(partitions::contains);
    }

    @Override
    void advance(List<InRecord> events) {
        synchronized (this) {
            for (InRecord r : events) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                long next = r.offset() + 1;
                if (next > resumeAt.getOrDefault(tp, -1L)) {
                    resumeAt.put(tp, next);
                    toCommit.put(tp, new OffsetAndMetadata(next));
                }
            }
        }
        progress.release();
    }

    /** Takes the offsets completed since the last call. */
    synchronized Map<TopicPartition, OffsetAndMetadata> takeCompleted() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(toCommit);
        toCommit.clear();
        return out;
    }

    /** Puts back offsets whose commit failed for a reason worth retrying, unless newer ones came. */
    synchronized void putBack(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> toCommit.merge(tp, o, (newer, old) -> newer.offset() >= old.offset() ? newer : old));
    }

    /** Where each partition of this batch must resume if the rest of it is abandoned. */
    @Override
    public synchronized Map<TopicPartition, Long> resumePositions() {
        return Map.copyOf(resumeAt);
    }

    /**
     * After the batch was abandoned: moves each of its partitions that {@code consumer} still owns
     * back to its first incomplete event, so that nothing abandoned is skipped by the next poll. A
     * writer abandons a batch while its partitions may stay assigned (a rebalance that kept them).
     */
    void seekBack(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        Set<TopicPartition> owned = consumer.assignment();
        resumePositions().forEach((tp, offset) -> {
            if (owned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    /**
     * The Kafka timestamp of the first event not yet completed, per partition of this batch that has
     * one. Scans the batch: for the lag sampler, about once a second.
     */
    @Override
    public synchronized Map<TopicPartition, Long> oldestPendingTimestamps() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (InRecord r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!out.containsKey(tp) && r.offset() >= resumeAt.getOrDefault(tp, Long.MAX_VALUE)) {
                out.put(tp, r.timestamp());
            }
        }
        return out;
    }

    /** Waits up to {@code max} for progress or for the batch to end. */
    void awaitProgress(Duration max) throws InterruptedException {
        if (progress.tryAcquire(max.toMillis(), TimeUnit.MILLISECONDS)) {
            progress.drainPermits();
        }
    }

    void signalDone() {
        progress.release();
    }
}
