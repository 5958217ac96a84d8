package dev.ferry.hub.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Each topic's write rate, from offset deltas: the latest offsets against the offsets of the first
 * events written at or after a minute ago and an hour ago ({@code listOffsets} with
 * {@link OffsetSpec#forTimestamp}), so that a hub started a second ago shows an hour's average at
 * once. Three Admin calls per refresh whatever the number of topics. The times are the records'
 * timestamps: with {@code CreateTime} (Kafka's default) the producers' clocks.
 *
 * @param at      when the offsets were read
 * @param byTopic each topic's rates
 */
record Rates(Instant at, Map<String, Rate> byTopic) {

    static final Rates NONE = new Rates(Instant.EPOCH, Map.of());

    Rates {
        byTopic = Map.copyOf(byTopic);
    }

    /**
     * One topic's rates.
     *
     * @param lastMinute events written in the last minute
     * @param perMinuteLastHour events per minute, averaged over the last hour
     */
    record Rate(long lastMinute, double perMinuteLastHour) {
        static final Rate ZERO = new Rate(0, 0);
    }

    Rate of(String topic) {
        return byTopic.getOrDefault(topic, Rate.ZERO);
    }

    /** Reads the rates of every partition of {@code snapshot}'s topics. */
    static Rates read(ClusterAccess cluster, ClusterSnapshot snapshot, Instant now) throws ExecutionException {
        List<TopicPartition> all = new ArrayList<>();
        snapshot.topics().values().forEach(t -> t.partitions().forEach(p -> all.add(new TopicPartition(t.name(),
                p.partition()))));
        Map<TopicPartition, Long> ends = MetadataReader.offsets(cluster, "admin.listOffsets", all, OffsetSpec.latest());
        Map<TopicPartition, Long> minute = MetadataReader.offsets(cluster, "admin.listOffsets", all,
                OffsetSpec.forTimestamp(now.minus(Duration.ofMinutes(1)).toEpochMilli()));
        Map<TopicPartition, Long> hour = MetadataReader.offsets(cluster, "admin.listOffsets", all,
                OffsetSpec.forTimestamp(now.minus(Duration.ofHours(1)).toEpochMilli()));
        Map<String, long[]> sums = new HashMap<>();
        for (TopicPartition tp : all) {
            Long end = ends.get(tp);
            if (end == null) {
                continue;
            }
            long[] s = sums.computeIfAbsent(tp.topic(), t -> new long[2]);
            s[0] += since(minute.get(tp), end);
            s[1] += since(hour.get(tp), end);
        }
        Map<String, Rate> out = new HashMap<>();
        sums.forEach((topic, s) -> out.put(topic, new Rate(s[0], s[1] / 60.0)));
        return new Rates(now, out);
    }

    /**
     * Events from the first written at or after a time to the end: none if no event is that recent
     * (the cluster answers -1), unknown counted as none.
     */
    static long since(Long offsetAt, long end) {
        if (offsetAt == null || offsetAt < 0) {
            return 0;
        }
        return Math.max(0, end - offsetAt);
    }
}
