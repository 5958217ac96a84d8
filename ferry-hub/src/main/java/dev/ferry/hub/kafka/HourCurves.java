package dev.ferry.hub.kafka;

import dev.ferry.hub.TopicDetail;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A topic's events per minute over the last hour, for its page: the offsets at the 60 minute
 * boundaries ({@code listOffsets} with {@code forTimestamp}, one call per boundary for all the
 * topic's partitions) differenced. A boundary, once past, does not move, so it is read once and
 * kept: the first view of a topic costs 61 calls, later views one call per new minute. Only topics
 * whose page is viewed are computed, and a topic not viewed for {@value #IDLE_MINUTES} minutes is
 * forgotten, so the load is bounded by the pages people look at, not by the cluster's size.
 */
final class HourCurves {

    static final int IDLE_MINUTES = 10;
    private static final long MINUTE = 60_000;

    private final ClusterAccess cluster;
    private final Clock clock;
    private final Map<String, Curve> curves = new ConcurrentHashMap<>();

    HourCurves(ClusterAccess cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** The 60 minutes up to now, oldest first; the last is the minute under way. */
    List<TopicDetail.RatePoint> lastHour(ClusterSnapshot.TopicState topic) throws ExecutionException {
        long nowMs = clock.millis();
        curves.entrySet().removeIf(e -> nowMs - e.getValue().usedAt > IDLE_MINUTES * MINUTE);
        Curve c = curves.computeIfAbsent(topic.name(), t -> new Curve());
        synchronized (c) {
            c.usedAt = nowMs;
            return c.points(topic, nowMs);
        }
    }

    private final class Curve {
        private final TreeMap<Long, Map<Integer, Long>> boundaries = new TreeMap<>();
        private long usedAt;

        List<TopicDetail.RatePoint> points(ClusterSnapshot.TopicState topic, long nowMs) throws ExecutionException {
            long current = nowMs - nowMs % MINUTE;
            long first = current - 59 * MINUTE;
            boundaries.headMap(first).clear();
            List<TopicPartition> parts = topic.partitions().stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            Map<TopicPartition, Long> ends = MetadataReader.offsets(cluster, "admin.listOffsets", parts,
                    OffsetSpec.latest());
            for (long m = first; m <= current; m += MINUTE) {
                if (!boundaries.containsKey(m) || boundaries.get(m).size() < parts.size()) {
                    boundaries.put(m, read(parts, m, ends));
                }
            }
            List<TopicDetail.RatePoint> out = new ArrayList<>();
            for (long m = first; m <= current; m += MINUTE) {
                Map<Integer, Long> from = boundaries.get(m);
                Map<Integer, Long> to = m == current ? byPartition(ends) : boundaries.get(m + MINUTE);
                long events = 0;
                for (TopicPartition tp : parts) {
                    Long a = from.get(tp.partition());
                    Long b = to.get(tp.partition());
                    if (a != null && b != null) {
                        events += Math.max(0, b - a);
                    }
                }
                out.add(new TopicDetail.RatePoint(Instant.ofEpochMilli(m), events));
            }
            return out;
        }

        /** The offset of the first event at or after {@code minute}, or the end if none is that recent. */
        private Map<Integer, Long> read(List<TopicPartition> parts, long minute, Map<TopicPartition, Long> ends)
                throws ExecutionException {
            Map<TopicPartition, Long> at = MetadataReader.offsets(cluster, "admin.listOffsets", parts,
                    OffsetSpec.forTimestamp(minute));
            Map<Integer, Long> out = new HashMap<>();
            for (TopicPartition tp : parts) {
                Long o = at.get(tp);
                Long end = ends.get(tp);
                if (o != null && o >= 0) {
                    out.put(tp.partition(), o);
                } else if (o != null && end != null) {
                    out.put(tp.partition(), end);
                }
            }
            return out;
        }

        private Map<Integer, Long> byPartition(Map<TopicPartition, Long> ends) {
            Map<Integer, Long> out = new HashMap<>();
            ends.forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    /** How many topics have a curve kept. */
    int kept() {
        return curves.size();
    }
}
