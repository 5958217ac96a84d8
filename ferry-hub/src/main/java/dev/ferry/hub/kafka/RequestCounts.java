package dev.ferry.hub.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the hub has made to the cluster, per kind (an Admin call such as
 * {@code admin.listOffsets}, or a consumer poll such as {@code poll.catalog}), so that its load is
 * measured rather than guessed. One Admin call may be sent as one request per broker that leads
 * the partitions it names; it is counted once here. Safe for concurrent use.
 */
public final class RequestCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one request of {@code kind}. */
    void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** The counts so far, by kind, sorted by kind. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** All requests so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
