package dev.ferry.hub.kafka;

import dev.ferry.engine.AppStatus.Health;
import dev.ferry.engine.LagRules;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The hub's own verdict on consumer groups that are not Ferry apps (or whose app reports nothing):
 * the engine's {@link LagRules} (Burrow's rules) over the hub's own samples, one per metadata
 * refresh. A sample's "next" is the group's committed offset, and the "progress" of its consumer is
 * the sum of the group's committed offsets over all its partitions, so a group that commits on
 * other partitions while one waits is LAGGING, not STALLED, as for a Ferry app. Fed by the refresh
 * thread; read by anyone.
 */
final class GroupVerdicts {

    /** A group's verdict: the worst of its partitions. */
    record Verdict(Health health, String reason) {
        static final Verdict OK = new Verdict(Health.OK, "");
    }

    private final int window;
    private final Map<String, Map<TopicPartition, ArrayDeque<LagRules.Sample>>> samples = new HashMap<>();
    private volatile Map<String, Verdict> verdicts = Map.of();

    GroupVerdicts(int window) {
        this.window = window;
    }

    /** Adds one sample per partition of every group of {@code snapshot}, and judges them. */
    synchronized void sample(ClusterSnapshot snapshot) {
        long at = snapshot.takenAt().toEpochMilli();
        samples.keySet().retainAll(snapshot.groups().keySet());
        Map<String, Verdict> out = new HashMap<>();
        for (ClusterSnapshot.GroupState g : snapshot.groups().values()) {
            long progress = g.committed().values().stream().mapToLong(Long::longValue).sum();
            Map<TopicPartition, ArrayDeque<LagRules.Sample>> byPartition = samples.computeIfAbsent(g.group(),
                    k -> new HashMap<>());
            byPartition.keySet().retainAll(g.committed().keySet());
            Verdict worst = Verdict.OK;
            for (Map.Entry<TopicPartition, Long> e : g.committed().entrySet()) {
                long end = snapshot.end(e.getKey());
                if (end < 0) {
                    continue;
                }
                ArrayDeque<LagRules.Sample> w = byPartition.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>());
                w.addLast(new LagRules.Sample(at, e.getValue(), Math.max(0, end - e.getValue()), progress));
                while (w.size() > window) {
                    w.removeFirst();
                }
                List<LagRules.Sample> list = List.copyOf(w);
                Health h = LagRules.evaluate(list, window);
                if (h.compareTo(worst.health()) > 0) {
                    worst = new Verdict(h, LagRules.reason(h, e.getKey().topic(), e.getKey().partition(), list));
                }
            }
            out.put(g.group(), worst);
        }
        verdicts = Map.copyOf(out);
    }

    /** A group's verdict now: OK until its window is full. */
    Verdict of(String group) {
        return verdicts.getOrDefault(group, Verdict.OK);
    }
}
