package dev.ferry.hub.web;

import dev.ferry.hub.LineageView;
import dev.ferry.hub.LineageView.Edge;
import dev.ferry.hub.LineageView.Kind;
import dev.ferry.hub.LineageView.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lineage graph laid out in layers, left to right, for an SVG picture drawn on the server:
 * a node's layer is one more than the deepest node that leads to it (so topic, app, topic, ...
 * read as columns), nodes in a layer are ordered by the mean row of what leads to them (one pass,
 * which keeps straight chains straight), and each edge is a curve from the right of its source to
 * the left of its target. A cycle (an app reading what it writes) does not loop: its nodes are
 * placed after what leads into the cycle.
 *
 * @param boxes  each node's box
 * @param curves each edge's curve
 * @param width  the picture's width
 * @param height the picture's height
 */
record LineageLayout(List<Box> boxes, List<Curve> curves, int width, int height) {

    static final int BOX_W = 190;
    static final int BOX_H = 34;
    static final int COL_GAP = 70;
    static final int ROW_GAP = 22;
    static final int MARGIN = 16;
    static final int MAX_LABEL = 26;

    /**
     * A node's box.
     *
     * @param node  the node
     * @param x     left
     * @param y     top
     * @param label its name, shortened to fit
     * @param href  the page it links to
     */
    record Box(Node node, int x, int y, String label, String href) {
        boolean app() {
            return node.kind() == Kind.APP;
        }

        int midY() {
            return y + BOX_H / 2;
        }
    }

    /**
     * An edge's curve.
     *
     * @param edge the edge
     * @param path the SVG path
     */
    record Curve(Edge edge, String path) {
    }

    static LineageLayout of(LineageView view) {
        Map<Node, Integer> layer = layers(view);
        Map<Integer, List<Node>> columns = new LinkedHashMap<>();
        layer.entrySet().stream()
                .sorted(Map.Entry.<Node, Integer>comparingByValue().thenComparing(e -> e.getKey().name()))
                .forEach(e -> columns.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey()));
        Map<Node, Integer> row = new HashMap<>();
        Map<Node, List<Node>> preds = predecessors(view);
        int rows = 0;
        for (List<Node> column : columns.values()) {
            column.sort(Comparator.comparingDouble((Node n) -> meanRow(preds.getOrDefault(n, List.of()), row))
                    .thenComparing(Node::name));
            for (int i = 0; i < column.size(); i++) {
                row.put(column.get(i), i);
            }
            rows = Math.max(rows, column.size());
        }
        Map<Node, Box> boxes = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Node>> c : columns.entrySet()) {
            for (Node n : c.getValue()) {
                int x = MARGIN + c.getKey() * (BOX_W + COL_GAP);
                int y = MARGIN + row.get(n) * (BOX_H + ROW_GAP);
                boxes.put(n, new Box(n, x, y, label(n.name()), href(n)));
            }
        }
        List<Curve> curves = new ArrayList<>();
        for (Edge e : view.edges()) {
            Box from = boxes.get(e.from());
            Box to = boxes.get(e.to());
            if (from != null && to != null) {
                curves.add(new Curve(e, curve(from, to)));
            }
        }
        int width = 2 * MARGIN + Math.max(1, columns.size()) * (BOX_W + COL_GAP) - COL_GAP;
        int height = 2 * MARGIN + Math.max(1, rows) * (BOX_H + ROW_GAP) - ROW_GAP;
        return new LineageLayout(List.copyOf(boxes.values()), curves, width, height);
    }

    /** Longest path from a node nothing leads to, by Kahn's order; nodes left in a cycle go after their known inputs. */
    private static Map<Node, Integer> layers(LineageView view) {
        Map<Node, Integer> indegree = new LinkedHashMap<>();
        Map<Node, List<Node>> next = new HashMap<>();
        view.nodes().forEach(n -> indegree.put(n, 0));
        for (Edge e : view.edges()) {
            indegree.putIfAbsent(e.from(), 0);
            indegree.merge(e.to(), 1, Integer::sum);
            next.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        }
        Map<Node, Integer> layer = new LinkedHashMap<>();
        Deque<Node> ready = new ArrayDeque<>();
        indegree.forEach((n, d) -> {
            if (d == 0) {
                ready.add(n);
                layer.put(n, 0);
            }
        });
        Map<Node, Integer> left = new HashMap<>(indegree);
        while (true) {
            while (!ready.isEmpty()) {
                Node n = ready.poll();
                for (Node m : next.getOrDefault(n, List.of())) {
                    layer.merge(m, layer.get(n) + 1, Math::max);
                    if (left.merge(m, -1, Integer::sum) == 0) {
                        ready.add(m);
                    }
                }
            }
            // A cycle: release the unplaced node with the fewest inputs left, after what is known of it.
            Node stuck = left.entrySet().stream().filter(e -> e.getValue() > 0)
                    .min(Map.Entry.<Node, Integer>comparingByValue().thenComparing(e -> e.getKey().name()))
                    .map(Map.Entry::getKey).orElse(null);
            if (stuck == null) {
                return layer;
            }
            left.put(stuck, 0);
            layer.putIfAbsent(stuck, 0);
            ready.add(stuck);
        }
    }

    private static Map<Node, List<Node>> predecessors(LineageView view) {
        Map<Node, List<Node>> preds = new HashMap<>();
        for (Edge e : view.edges()) {
            preds.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
        }
        return preds;
    }

    private static double meanRow(List<Node> preds, Map<Node, Integer> row) {
        return preds.stream().filter(row::containsKey).mapToInt(row::get).average().orElse(Double.MAX_VALUE);
    }

    private static String curve(Box from, Box to) {
        double x1 = from.x() + BOX_W;
        double y1 = from.midY();
        double x2 = to.x();
        double y2 = to.midY();
        double bend = Math.max(30, Math.abs(x2 - x1) / 2);
        return String.format(Locale.ROOT, "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                x1, y1, x1 + bend, y1, x2 - bend, y2, x2 - 6, y2);
    }

    private static String label(String name) {
        return name.length() <= MAX_LABEL ? name : name.substring(0, MAX_LABEL - 1) + "…";
    }

    static String href(Node n) {
        return (n.kind() == Kind.APP ? "/apps/" : "/topics/") + Fmt.segment(n.name());
    }
}
