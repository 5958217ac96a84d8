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
 * Every topic's events per minute over the last hour, for its page: the offsets of the first events
 * at or after each of the last 60 minute boundaries ({@code listOffsets} with {@code forTimestamp}),
 * differenced. A boundary, once past, does not move, so each is read once, for every partition of
 * the cluster in one call (and one more for the log ends of the partitions no event has reached
 * the boundary on yet), by the background refresh ({@link #refresh}, every second, reading only
 * what is missing): 60 boundaries to fill the hour after the hub starts, at most
 * {@value #BOUNDARIES_PER_REFRESH} a refresh, then one boundary per minute, whatever the number of
 * topics, and a page view costs none. A topic that the background read does not cover yet (created since, or before the
 * hour is filled) is read on its first view for the boundaries it lacks, for its own partitions
 * only, and kept; a topic not viewed for {@value #IDLE_MINUTES} minutes is forgotten there.
 * Boundaries are kept per topic as arrays of offsets by partition (-1 for unknown), 61 per topic.
 */
final class HourCurves {

    static final int IDLE_MINUTES = 10;
    private static final long MINUTE = 60_000;
    /** How many missing boundaries one background refresh reads at most, so the first hour is filled gradually. */
    static final int BOUNDARIES_PER_REFRESH = 12;
    /** The request kind of the boundaries a page view reads itself. */
    static final String PAGE_KIND = "admin.listOffsets.topic-page";

    private final ClusterAccess cluster;
    private final Clock clock;
    /** Minute start to topic to offsets by partition: written by the refresh thread only. */
    private final Map<Long, Map<String, long[]>> shared = new ConcurrentHashMap<>();
    /** What page views read for topics the shared boundaries lack. */
    private final Map<String, Viewed> viewed = new ConcurrentHashMap<>();

    HourCurves(ClusterAccess cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Reads up to {@value #BOUNDARIES_PER_REFRESH} boundaries of the last hour not read yet, newest first. */
    void refresh(ClusterSnapshot snapshot) throws ExecutionException {
        long current = currentMinute();
        shared.keySet().removeIf(m -> m < current - 59 * MINUTE);
        List<TopicPartition> all = new ArrayList<>();
        snapshot.topics().values().forEach(t -> t.partitions().forEach(p -> all.add(new TopicPartition(t.name(),
                p.partition()))));
        if (all.isEmpty()) {
            return;
        }
        int read = 0;
        for (long m = current; m >= current - 59 * MINUTE && read < BOUNDARIES_PER_REFRESH; m -= MINUTE) {
            if (!shared.containsKey(m)) {
                shared.put(m, byTopic(all, m, snapshot, "admin.listOffsets"));
                read++;
            }
        }
    }

    /** The 60 minutes up to now, oldest first; the last is the minute under way. */
    List<TopicDetail.RatePoint> lastHour(ClusterSnapshot.TopicState topic, ClusterSnapshot snapshot)
            throws ExecutionException {
        long nowMs = clock.millis();
        viewed.entrySet().removeIf(e -> nowMs - e.getValue().usedAt > IDLE_MINUTES * MINUTE);
        long current = nowMs - nowMs % MINUTE;
        long first = current - 59 * MINUTE;
        int n = topic.partitions().size();
        Map<Long, long[]> boundaries = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (long m = first; m <= current; m += MINUTE) {
            Map<String, long[]> b = shared.get(m);
            long[] offsets = b == null ? null : b.get(topic.name());
            if (offsets != null && offsets.length == n) {
                boundaries.put(m, offsets);
            } else {
                missing.add(m);
            }
        }
        if (!missing.isEmpty()) {
            Viewed v = viewed.computeIfAbsent(topic.name(), t -> new Viewed());
            synchronized (v) {
                v.usedAt = nowMs;
                v.boundaries.headMap(first).clear();
                List<TopicPartition> parts = topic.partitions().stream()
                        .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
                for (long m : missing) {
                    long[] offsets = v.boundaries.get(m);
                    if (offsets == null || offsets.length != n) {
                        offsets = byTopic(parts, m, snapshot, PAGE_KIND).get(topic.name());
                        if (offsets == null) {
                            offsets = new long[n];
                            java.util.Arrays.fill(offsets, -1);
                        }
                        v.boundaries.put(m, offsets);
                    }
                    boundaries.put(m, offsets);
                }
            }
        }
        long[] ends = topic.partitions().stream().mapToLong(ClusterSnapshot.PartitionState::end).toArray();
        List<TopicDetail.RatePoint> out = new ArrayList<>();
        for (long m = first; m <= current; m += MINUTE) {
            long[] from = boundaries.get(m);
            long[] to = m == current ? ends : boundaries.get(m + MINUTE);
            long events = 0;
            for (int i = 0; i < n; i++) {
                if (from[i] >= 0 && to[i] >= 0) {
                    events += Math.max(0, to[i] - from[i]);
                }
            }
            out.add(new TopicDetail.RatePoint(Instant.ofEpochMilli(m), events));
        }
        return out;
    }

    /** How many minute boundaries the background read has, of the 60 of the last hour. */
    int boundariesRead() {
        return shared.size();
    }

    private long currentMinute() {
        long now = clock.millis();
        return now - now % MINUTE;
    }

    /**
     * The offset of the first event at or after {@code minute} for each partition, by topic and
     * partition (in the order of the snapshot's partitions); the log end when no event is that
     * recent, -1 when unknown.
     */
    private Map<String, long[]> byTopic(List<TopicPartition> parts, long minute, ClusterSnapshot snapshot, String kind)
            throws ExecutionException {
        Map<TopicPartition, Long> at = MetadataReader.offsets(cluster, kind, parts,
                OffsetSpec.forTimestamp(minute));
        List<TopicPartition> notYet = parts.stream().filter(tp -> at.getOrDefault(tp, 0L) < 0).toList();
        Map<TopicPartition, Long> ends = MetadataReader.offsets(cluster, kind, notYet, OffsetSpec.latest());
        Map<String, long[]> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            ClusterSnapshot.TopicState t = snapshot.topics().get(tp.topic());
            if (t == null) {
                continue;
            }
            long[] offsets = out.computeIfAbsent(tp.topic(), k -> {
                long[] a = new long[t.partitions().size()];
                java.util.Arrays.fill(a, -1);
                return a;
            });
            int index = indexOf(t, tp.partition());
            Long o = at.get(tp);
            if (index >= 0 && o != null) {
                // no event that recent yet: the boundary is the end now, which later events can only follow
                offsets[index] = o >= 0 ? o : ends.getOrDefault(tp, -1L);
            }
        }
        return out;
    }

    private static int indexOf(ClusterSnapshot.TopicState t, int partition) {
        for (int i = 0; i < t.partitions().size(); i++) {
            if (t.partitions().get(i).partition() == partition) {
                return i;
            }
        }
        return -1;
    }

    /** Boundaries a page view read for one topic. */
    private static final class Viewed {
        private final TreeMap<Long, long[]> boundaries = new TreeMap<>();
        private long usedAt;
    }
}
