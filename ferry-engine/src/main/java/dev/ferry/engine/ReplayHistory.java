package dev.ferry.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The latest {@link ReplayRecord} of each partition of an app, read from the audit topic from the
 * beginning to its end without joining a group: what {@link OffsetReplay} needs to know whether a
 * bounded replay of a partition is still under way (the app has not yet gone on from where it was
 * before it), which a new bounded replay cannot be combined with.
 */
final class ReplayHistory {

    private ReplayHistory() {
    }

    /** The latest replay of each of {@code app}'s partitions; none when the topic does not exist. */
    static Map<TopicPartition, ReplayRecord> latest(OnCallCluster cluster, String topic, String app) {
        Map<TopicPartition, ReplayRecord> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = EventReader.consumer(cluster, "ferry-replay-history", 0)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, cluster.timeout());
            if (infos == null || infos.isEmpty()) {
                return latest;
            }
            List<TopicPartition> all = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, cluster.timeout());
            long deadline = System.nanoTime() + cluster.timeout().toNanos();
            while (!ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new OnCallException("cannot read the audit topic '" + topic + "' on " + cluster.describe()
                            + ": not read to its end within " + cluster.timeout().toSeconds() + "s; nothing was replayed");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.equals(app) || r.value() == null) {
                        continue;
                    }
                    try {
                        ReplayRecord replay = ReplayRecord.parse(new String(r.value(), StandardCharsets.UTF_8));
                        latest.put(new TopicPartition(replay.topic(), replay.partition()), replay);
                    } catch (IllegalArgumentException e) {
                        // a skip, or a replay record of a Ferry before bounded replays: not a bound
                    }
                }
            }
        } catch (KafkaException e) {
            throw new OnCallException("cannot read the audit topic '" + topic + "' on " + cluster.describe() + ": " + e
                    + "; nothing was replayed");
        }
        return latest;
    }
}
