package dev.ferry.engine.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of a consumer's partitions are fetched and from where: paused while the pipeline is full
 * (back-pressure) or the consumer is halted, resumed when it has room again, sought back to the
 * first event not completed when work is given up. Poll thread only, like the consumer itself.
 */
final class PartitionFlow {

    private final Consumer<byte[], byte[]> consumer;
    private boolean backpressured;

    PartitionFlow(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Pauses every partition when the pipeline is full, resumes them when it is not. */
    void backpressure(boolean full) {
        if (full == backpressured) {
            return;
        }
        backpressured = full;
        if (full) {
            consumer.pause(consumer.assignment());
        } else {
            consumer.resume(consumer.assignment());
        }
    }

    /** Whether fetching is paused for back-pressure. */
    boolean backpressured() {
        return backpressured;
    }

    /** Pauses every partition (a halt). */
    void pauseAll() {
        consumer.pause(consumer.assignment());
    }

    /** Fetches every partition again, with no back-pressure (a new pipeline). */
    void resumeAll() {
        backpressured = false;
        consumer.resume(consumer.assignment());
    }

    /** Partitions newly assigned are paused at once when nothing may be fetched. */
    void assigned(Collection<TopicPartition> partitions, boolean halted) {
        if (halted || backpressured) {
            consumer.pause(partitions);
        }
    }

    /** Moves each partition of {@code positions} that is still owned, and not {@code leaving}, there. */
    void seek(Map<TopicPartition, Long> positions, Collection<TopicPartition> leaving) {
        Set<TopicPartition> owned = consumer.assignment();
        positions.forEach((tp, offset) -> {
            if (owned.contains(tp) && !leaving.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    /** Records a poll returned for paused work are not ours to run now: seek back so none is skipped. */
    void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
            consumer.pause(List.of(tp));
        }
    }
}
