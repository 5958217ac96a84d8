package dev.ferry.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One validated, encoded event ready to be written to an output topic.
 *
 * @param topic   the output topic
 * @param index   its index among the batch's events for that topic, for error messages
 * @param key     the key bytes, or null
 * @param value   the value bytes (JSON)
 * @param headers headers in order, as UTF-8 strings
 */
public record OutRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers) {

    /** The Kafka record to send, headers encoded as UTF-8. */
    public ProducerRecord<byte[], byte[]> toProducerRecord() {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((k, v) -> kafkaHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, null, key, value, kafkaHeaders);
    }
}
