package dev.ferry.hub;

import java.util.List;

/**
 * The lineage graph (topic to app to topic, from the apps' announcements) and each chain through
 * it with its end-to-end latency, measured from the lineage headers of recent events at the
 * chain's end.
 *
 * @param nodes  topics and apps
 * @param edges  topic to app (reads) and app to topic (writes)
 * @param chains every path from a topic no Ferry app writes to a topic no Ferry app reads
 */
public record LineageView(List<Node> nodes, List<Edge> edges, List<Chain> chains) {

    /** Copies the lists. */
    public LineageView {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        chains = List.copyOf(chains);
    }

    /** What a node is. */
    public enum Kind { TOPIC, APP }

    /**
     * A topic or an app.
     *
     * @param kind what it is
     * @param name its name
     */
    public record Node(Kind kind, String name) {
    }

    /**
     * A read (topic to app) or a write (app to topic).
     *
     * @param from the node it starts at
     * @param to   the node it ends at
     */
    public record Edge(Node from, Node to) {
    }

    /**
     * One chain and its measured speed.
     *
     * @param path    topic, app, topic, app, ..., topic
     * @param samples how many events at its end were measured
     * @param p50Ms   median end-to-end latency in milliseconds, -1 with no samples
     * @param p99Ms   99th percentile, -1 with no samples
     * @param hops    each app's share of the latency, in chain order
     */
    public record Chain(List<Node> path, int samples, double p50Ms, double p99Ms, List<Hop> hops) {
        /** Copies the lists. */
        public Chain {
            path = List.copyOf(path);
            hops = List.copyOf(hops);
        }
    }

    /**
     * One app's share of a chain's latency: from the event it read to the event it wrote.
     *
     * @param app   the app
     * @param p50Ms its median latency in milliseconds
     * @param share its share of the chain's median, from 0 to 1
     */
    public record Hop(String app, double p50Ms, double share) {
    }
}
