package dev.ferry.engine.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The stretch of each partition a consumer goes back over after outputs it wrote without waiting
 * were not acknowledged: from the first event not completed up to the last event that was in flight.
 * Batches that reach into it run waited for, so the runner can narrow the failure down to its event
 * (retry, dead-letter or halt there); once the consumer has read past it, it overlaps writes again.
 * Poll thread only.
 */
final class Replay {

    private final Map<TopicPartition, Long> until = new HashMap<>();

    /** Goes back over each partition up to (and including) its offset. */
    void mark(Map<TopicPartition, Long> lastInFlight) {
        lastInFlight.forEach((tp, offset) -> until.merge(tp, offset, Math::max));
    }

    /**
     * Whether the batch reaches into a stretch being gone back over; the stretches it reads past are
     * done with.
     */
    boolean covers(PolledBatch batch) {
        if (until.isEmpty()) {
            return false;
        }
        boolean covered = false;
        for (Map.Entry<TopicPartition, Long> last : batch.lastOffsets().entrySet()) {
            Long mark = until.get(last.getKey());
            if (mark != null) {
                covered = true;
                if (last.getValue() >= mark) {
                    until.remove(last.getKey());
                }
            }
        }
        return covered;
    }

    /** Whether nothing is being gone back over. */
    boolean isEmpty() {
        return until.isEmpty();
    }

    /** Forgets partitions the consumer no longer owns. */
    void release(Collection<TopicPartition> partitions) {
        until.keySet().removeAll(partitions);
    }
}
