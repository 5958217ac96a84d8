package dev.ferry.benchmark;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings every contender runs with, as far as its framework lets it: Kafka's
 * defaults plus what at-least-once needs and the common batch size. Ferry sets exactly these itself
 * (it owns them), so the others are given the same.
 */
final class ClientSettings {

    /** Events per batch: Ferry's {@code batchSize} and everyone else's {@code max.poll.records}. */
    static final int BATCH_SIZE = 500;

    /** Kafka's own producer default since 4.0; Kafka Streams changes it to 100 ms, so it is set back there. */
    static final int LINGER_MS = 5;

    /** Ferry's producer defaults for throughput (4 × Kafka's batch size, lz4), given to everyone. */
    static final int PRODUCER_BATCH_BYTES = 65_536;
    static final String COMPRESSION = "lz4";

    private ClientSettings() {
    }

    /** A consumer in {@code group} that commits by hand, starts at the beginning and polls at most a batch. */
    static Map<String, Object> consumer(String bootstrap, String group) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH_SIZE);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /** An idempotent producer that waits for every in-sync replica. */
    static Map<String, Object> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }
}
