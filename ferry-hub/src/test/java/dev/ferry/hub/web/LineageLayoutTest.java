package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.hub.LineageView;
import dev.ferry.hub.LineageView.Edge;
import dev.ferry.hub.LineageView.Kind;
import dev.ferry.hub.LineageView.Node;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lineage picture's layout: layers left to right, straight chains straight, cycles placed. */
class LineageLayoutTest {

    private static Map<String, LineageLayout.Box> boxes(LineageLayout layout) {
        return layout.boxes().stream().collect(Collectors.toMap(b -> b.node().name(), b -> b));
    }

    @Test
    void a_chain_is_laid_out_one_layer_per_node_on_one_row() {
        LineageLayout layout = LineageLayout.of(InMemoryHubData.chainLineage(1, 2, 3));
        Map<String, LineageLayout.Box> b = boxes(layout);
        assertThat(List.of("clicks", "enrich", "clicks.enriched", "score", "scores"))
                .extracting(n -> b.get(n).x()).isSorted().doesNotHaveDuplicates();
        assertThat(layout.boxes()).extracting(LineageLayout.Box::y).containsOnly(LineageLayout.MARGIN);
        assertThat(layout.curves()).hasSize(4);
        assertThat(b.get("enrich").app()).isTrue();
        assertThat(b.get("enrich").href()).isEqualTo("/apps/enrich");
        assertThat(b.get("clicks.enriched").href()).isEqualTo("/topics/clicks.enriched");
        assertThat(layout.width()).isEqualTo(2 * LineageLayout.MARGIN + 5 * LineageLayout.BOX_W + 4 * LineageLayout.COL_GAP);
    }

    @Test
    void a_node_goes_one_layer_after_the_deepest_node_that_leads_to_it() {
        Node a = new Node(Kind.TOPIC, "a");
        Node p = new Node(Kind.APP, "p");
        Node b = new Node(Kind.TOPIC, "b");
        Node q = new Node(Kind.APP, "q");
        Node c = new Node(Kind.TOPIC, "c");
        // p reads a and writes b; q reads a and b and writes c: q is after b, not next to p.
        LineageView view = new LineageView(List.of(a, p, b, q, c), List.of(new Edge(a, p), new Edge(p, b),
                new Edge(a, q), new Edge(b, q), new Edge(q, c)), List.of());
        Map<String, LineageLayout.Box> boxes = boxes(LineageLayout.of(view));
        assertThat(boxes.get("q").x()).isGreaterThan(boxes.get("b").x());
        assertThat(boxes.get("c").x()).isGreaterThan(boxes.get("q").x());
    }

    @Test
    void a_cycle_is_placed_without_looping() {
        Node t = new Node(Kind.TOPIC, "t");
        Node loop = new Node(Kind.APP, "loop");
        Node in = new Node(Kind.TOPIC, "in");
        LineageView view = new LineageView(List.of(t, loop, in),
                List.of(new Edge(in, loop), new Edge(loop, t), new Edge(t, loop)), List.of());
        LineageLayout layout = LineageLayout.of(view);
        assertThat(layout.boxes()).hasSize(3);
        assertThat(layout.curves()).hasSize(3);
        assertThat(boxes(layout).get("loop").x()).isGreaterThan(boxes(layout).get("in").x());
    }

    @Test
    void long_names_are_shortened_in_the_box_and_kept_whole_in_the_node() {
        Node longTopic = new Node(Kind.TOPIC, "a.very.long.topic.name.that.does.not.fit");
        LineageLayout layout = LineageLayout.of(new LineageView(List.of(longTopic), List.of(), List.of()));
        assertThat(layout.boxes().get(0).label()).hasSize(LineageLayout.MAX_LABEL).endsWith("…");
        assertThat(layout.boxes().get(0).node().name()).isEqualTo("a.very.long.topic.name.that.does.not.fit");
    }

    @Test
    void an_empty_graph_has_no_boxes() {
        assertThat(LineageLayout.of(new LineageView(List.of(), List.of(), List.of())).boxes()).isEmpty();
    }
}
