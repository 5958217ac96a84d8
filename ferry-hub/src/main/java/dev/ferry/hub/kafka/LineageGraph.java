package dev.ferry.hub.kafka;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.hub.LineageView.Edge;
import dev.ferry.hub.LineageView.Kind;
import dev.ferry.hub.LineageView.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The graph of topics and apps from the apps' latest announcements (topic to app for each input,
 * app to topic for each output), and its chains: every path from a topic no Ferry app writes to a
 * topic no Ferry app reads, found depth first. A path never visits a topic twice (a cycle ends it
 * without a chain), and at most {@value #MAX_CHAINS} chains are listed. A pure function of the
 * announcements.
 *
 * @param nodes  every topic and app, topics first, by name
 * @param edges  every read and write
 * @param chains each chain as topic, app, topic, ..., topic
 */
record LineageGraph(List<Node> nodes, List<Edge> edges, List<List<Node>> chains) {

    static final int MAX_CHAINS = 1000;

    static LineageGraph of(Collection<AppAnnouncement> apps) {
        Map<String, Set<String>> readers = new TreeMap<>();
        Map<String, Set<String>> outputs = new TreeMap<>();
        Set<String> written = new HashSet<>();
        Set<String> topics = new TreeSet<>();
        Set<String> appNames = new TreeSet<>();
        List<Edge> edges = new ArrayList<>();
        for (AppAnnouncement a : apps) {
            appNames.add(a.app());
            Node app = new Node(Kind.APP, a.app());
            for (String in : new TreeSet<>(a.inputs())) {
                topics.add(in);
                readers.computeIfAbsent(in, t -> new TreeSet<>()).add(a.app());
                edges.add(new Edge(new Node(Kind.TOPIC, in), app));
            }
            Set<String> outs = outputs.computeIfAbsent(a.app(), k -> new TreeSet<>());
            for (AppAnnouncement.Output o : a.outputs()) {
                if (outs.add(o.topic())) {
                    topics.add(o.topic());
                    written.add(o.topic());
                    edges.add(new Edge(app, new Node(Kind.TOPIC, o.topic())));
                }
            }
        }
        List<Node> nodes = new ArrayList<>();
        topics.forEach(t -> nodes.add(new Node(Kind.TOPIC, t)));
        appNames.forEach(a -> nodes.add(new Node(Kind.APP, a)));
        List<List<Node>> chains = new ArrayList<>();
        for (String source : topics) {
            if (!written.contains(source) && readers.containsKey(source)) {
                walk(source, new LinkedHashSet<>(List.of(source)), new ArrayList<>(List.of(new Node(Kind.TOPIC, source))),
                        readers, outputs, chains);
            }
        }
        return new LineageGraph(nodes, edges, chains);
    }

    private static void walk(String topic, LinkedHashSet<String> seen, List<Node> path, Map<String, Set<String>> readers,
                             Map<String, Set<String>> outputs, List<List<Node>> chains) {
        for (String app : readers.getOrDefault(topic, Set.of())) {
            for (String out : outputs.getOrDefault(app, Set.of())) {
                if (chains.size() >= MAX_CHAINS || seen.contains(out)) {
                    continue;
                }
                path.add(new Node(Kind.APP, app));
                path.add(new Node(Kind.TOPIC, out));
                if (!readers.containsKey(out)) {
                    chains.add(List.copyOf(path));
                } else {
                    seen.add(out);
                    walk(out, seen, path, readers, outputs, chains);
                    seen.remove(out);
                }
                path.remove(path.size() - 1);
                path.remove(path.size() - 1);
            }
        }
    }

    /** The topics of the chains past their first, ends first: those whose events are sampled. */
    List<String> sampledTopics() {
        Set<String> out = new LinkedHashSet<>();
        chains.forEach(c -> out.add(c.get(c.size() - 1).name()));
        chains.forEach(c -> {
            for (int i = 2; i < c.size(); i += 2) {
                out.add(c.get(i).name());
            }
        });
        return List.copyOf(out);
    }
}
