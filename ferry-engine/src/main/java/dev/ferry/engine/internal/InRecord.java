package dev.ferry.engine.internal;

import dev.ferry.engine.EventPosition;
import org.apache.kafka.common.header.Headers;

/**
 * One input event as the engine sees it, whether it came from a broker or from the test kit.
 *
 * @param topic     the input topic
 * @param partition the partition
 * @param offset    the offset
 * @param timestamp the Kafka timestamp in milliseconds
 * @param key       the key bytes, or null
 * @param value     the value bytes, or null for a tombstone
 * @param headers   the headers
 */
public record InRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                       Headers headers) {

    /** The topic and partition this event came from. */
    public org.apache.kafka.common.TopicPartition topicPartition() {
        return new org.apache.kafka.common.TopicPartition(topic, partition);
    }

    /** Where this event sits. */
    public EventPosition position() {
        return new EventPosition(topic, partition, offset);
    }
}
