package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * One input event read from the cluster: the consumer record's parts, with Kafka's headers kept as
 * they came and turned into the SPI's list only when someone asks for them.
 *
 * @param topic        the input topic
 * @param partition    the partition
 * @param offset       the offset
 * @param timestamp    the Kafka timestamp in milliseconds
 * @param key          the key bytes, or null
 * @param value        the value bytes, or null for a tombstone
 * @param kafkaHeaders the headers
 */
record InRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                Headers kafkaHeaders) implements Event {

    /** The event of a consumer record. */
    static InRecord of(ConsumerRecord<byte[], byte[]> r) {
        return new InRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
    }

    @Override
    public byte[] lastHeader(String name) {
        org.apache.kafka.common.header.Header h = kafkaHeaders.lastHeader(name);
        return h == null ? null : h.value();
    }

    @Override
    public List<Event.Header> headers() {
        List<Event.Header> out = null;
        for (org.apache.kafka.common.header.Header h : kafkaHeaders) {
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(new Event.Header(h.key(), h.value()));
        }
        return out == null ? List.of() : out;
    }
}
