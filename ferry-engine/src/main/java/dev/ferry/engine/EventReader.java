package dev.ferry.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the one event at a topic, partition and offset, without joining a group: what on-call
 * looks at before skipping it ({@link EventSkip}) and what {@code ferry show-failure} shows.
 */
public final class EventReader {

    private EventReader() {
    }

    /**
     * The event at {@code offset}.
     *
     * @throws OnCallException naming what the partition keeps, when the cluster no longer (or never) had it
     */
    public static ConsumerRecord<byte[], byte[]> read(OnCallCluster cluster, String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, "ferry-event", 1)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, cluster.timeout());
            if (infos == null || infos.isEmpty()) {
                throw new OnCallException("topic '" + topic + "' does not exist on " + cluster.describe());
            }
            if (partition < 0 || partition >= infos.size()) {
                throw new OnCallException("topic '" + topic + "' has no partition " + partition + " (it has "
                        + infos.size() + ")");
            }
            consumer.assign(List.of(tp));
            long start = consumer.beginningOffsets(List.of(tp), cluster.timeout()).get(tp);
            long end = consumer.endOffsets(List.of(tp), cluster.timeout()).get(tp);
            if (offset < start || offset >= end) {
                throw new OnCallException("topic '" + topic + "' partition " + partition + " has no offset " + offset
                        + ": it keeps offsets " + start + " to " + (end - 1));
            }
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + cluster.timeout().toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() != offset) {
                        throw new OnCallException("topic '" + topic + "' partition " + partition + " has no event at "
                                + "offset " + offset + " (compacted away, or a transaction marker); the next is at "
                                + r.offset());
                    }
                    return r;
                }
            }
            throw new OnCallException("cannot read topic '" + topic + "' partition " + partition + " offset " + offset
                    + " from " + cluster.describe() + " within " + cluster.timeout().toSeconds() + "s");
        } catch (KafkaException e) {
            throw new OnCallException("cannot connect to Kafka at " + cluster.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A consumer with no group that commits nothing, named {@code clientId} unless the profile names
     * it, taking at most {@code maxPoll} records a poll (0: Kafka's default).
     */
    static KafkaConsumer<byte[], byte[]> consumer(OnCallCluster cluster, String clientId, int maxPoll) {
        Map<String, Object> props = cluster.clientProperties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        if (maxPoll > 0) {
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPoll));
        }
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
