package dev.ferry.hub.kafka;

import dev.ferry.hub.LineageView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A chain's measured speed from the samples of its topics. At the chain's k-th topic after the
 * first, an event that went through the whole chain so far has passed k apps ({@code ferry-hops}
 * is k), and its latency from the chain's origin is its record timestamp minus its origin time.
 * The chain's p50 and p99 are those of such events at its last topic; an app's hop is the median
 * latency at its output topic minus the median at its input topic (0 at the chain's first topic,
 * whose events are the origin), its share that over the chain's median. Events with another hop
 * count (from another chain merging into the same topic) are left out. A pure function.
 */
final class ChainLatency {

    private ChainLatency() {
    }

    static LineageView.Chain of(List<LineageView.Node> path, Function<String, List<LatencySampler.Sample>> samples) {
        int apps = path.size() / 2;
        double[] end = latencies(samples.apply(path.get(path.size() - 1).name()), apps);
        double p50 = percentile(end, 0.50);
        double p99 = percentile(end, 0.99);
        List<LineageView.Hop> hops = new ArrayList<>();
        double before = 0;
        for (int k = 1; k <= apps; k++) {
            String app = path.get(2 * k - 1).name();
            double at = k == apps ? p50 : percentile(latencies(samples.apply(path.get(2 * k).name()), k), 0.50);
            if (at < 0 || before < 0) {
                hops.add(new LineageView.Hop(app, -1, 0));
                before = at;
                continue;
            }
            double hop = Math.max(0, at - before);
            hops.add(new LineageView.Hop(app, hop, p50 > 0 ? Math.min(1, hop / p50) : 0));
            before = at;
        }
        return new LineageView.Chain(path, end.length, p50, p99, hops);
    }

    private static double[] latencies(List<LatencySampler.Sample> samples, int hops) {
        return samples.stream().filter(s -> s.hops() == hops).mapToDouble(LatencySampler.Sample::latencyMs).sorted()
                .toArray();
    }

    /** The nearest-rank percentile of sorted values, -1 if there are none. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
