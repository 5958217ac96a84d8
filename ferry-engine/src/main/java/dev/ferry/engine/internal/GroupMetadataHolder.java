package dev.ferry.engine.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;

/**
 * The consumer's group metadata (generation and member id), read by the poll thread after every
 * poll and by the worker when it commits a transaction: the consumer itself may only be touched by
 * the poll thread. A transaction sent with a stale generation is refused by the broker, which is
 * what fences a consumer that lost its partitions.
 */
final class GroupMetadataHolder implements Supplier<ConsumerGroupMetadata> {

    private final AtomicReference<ConsumerGroupMetadata> current = new AtomicReference<>();

    /** Records the consumer's metadata now. */
    void update(ConsumerGroupMetadata metadata) {
        current.set(metadata);
    }

    @Override
    public ConsumerGroupMetadata get() {
        ConsumerGroupMetadata m = current.get();
        if (m == null) {
            throw new IllegalStateException("the consumer has not joined its group yet");
        }
        return m;
    }
}
