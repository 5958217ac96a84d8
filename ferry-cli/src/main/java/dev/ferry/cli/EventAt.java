package dev.ferry.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the one event at a topic, partition and offset, without joining a group: what on-call looks at. */
final class EventAt {

    private EventAt() {
    }

    /** The event at {@code offset}; fails with a sentence when the cluster no longer (or never) had it. */
    static ConsumerRecord<byte[], byte[]> read(Cluster cluster, String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Map<String, Object> props = cluster.properties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-event");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            int partitions = Topics.partitions(cluster, topic, false);
            if (partition < 0 || partition >= partitions) {
                throw new CliException("topic '" + topic + "' has no partition " + partition + " (it has " + partitions
                        + ")");
            }
            consumer.assign(List.of(tp));
            long start = consumer.beginningOffsets(List.of(tp), cluster.timeout()).get(tp);
            long end = consumer.endOffsets(List.of(tp), cluster.timeout()).get(tp);
            if (offset < start || offset >= end) {
                throw new CliException("topic '" + topic + "' partition " + partition + " has no offset " + offset
                        + ": it keeps offsets " + start + " to " + (end - 1));
            }
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + cluster.timeout().toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() != offset) {
                        throw new CliException("topic '" + topic + "' partition " + partition + " has no event at offset "
                                + offset + " (compacted away, or a transaction marker); the next is at " + r.offset());
                    }
                    return r;
                }
            }
            throw new CliException("cannot read topic '" + topic + "' partition " + partition + " offset " + offset
                    + " from " + cluster.describe() + " within " + cluster.timeout().toSeconds() + "s");
        }
    }
}
