package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.Lineage;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.LineageView.Kind;
import dev.ferry.hub.LineageView.Node;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lineage graph from announcements, and each chain's latency from the lineage headers of its events. */
class LineageTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void a_chain_of_three_apps_is_drawn_and_timed_from_the_headers_of_its_events() {
        String p = KAFKA.uniqueTopic("chain");
        String src = p + ".signups";
        String mid1 = p + ".enriched";
        String mid2 = p + ".scored";
        String end = p + ".alerts";
        List.of(src, mid1, mid2, end).forEach(t -> KAFKA.createTopic(t, 2));
        HubSettings settings = HubFixture.settings(KAFKA, p);
        Instant now = Instant.now();
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), Records.announcement(p + "-enrich", "i", List.of(src),
                    List.of(mid1), now, false));
            records.announce(settings.announceTopic(), Records.announcement(p + "-score", "i", List.of(mid1),
                    List.of(mid2), now, false));
            records.announce(settings.announceTopic(), Records.announcement(p + "-alert", "i", List.of(mid2),
                    List.of(end), now, false));
            for (int i = 0; i < 100; i++) {
                Instant origin = now.minusSeconds(60).plusMillis(i * 10L);
                String trace = String.format("%032x", i + 1);
                // hops of 10 ms, 30 ms and 60 ms (90 ms for one event in a hundred at the end)
                send(records, mid1, i % 2, i, origin, origin.plusMillis(10), trace, 1);
                send(records, mid2, i % 2, i, origin, origin.plusMillis(40), trace, 2);
                send(records, end, i % 2, i, origin, origin.plusMillis(i == 99 ? 130 : 100), trace, 3);
            }
            records.text(end, 0, now, "an event from outside the chain, without lineage");
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            LineageView view = hub.lineage();
            assertThat(view.nodes()).contains(new Node(Kind.TOPIC, src), new Node(Kind.APP, p + "-score"));
            assertThat(view.edges()).contains(new LineageView.Edge(new Node(Kind.TOPIC, mid1), new Node(Kind.APP, p + "-score")),
                    new LineageView.Edge(new Node(Kind.APP, p + "-score"), new Node(Kind.TOPIC, mid2)));
            assertThat(view.chains()).hasSize(1);
            LineageView.Chain chain = view.chains().get(0);
            assertThat(chain.path()).extracting(Node::name).containsExactly(src, p + "-enrich", mid1, p + "-score", mid2,
                    p + "-alert", end);
            assertThat(chain.samples()).isEqualTo(100);
            assertThat(chain.p50Ms()).isEqualTo(100);
            assertThat(chain.p99Ms()).isEqualTo(100);
            assertThat(chain.hops()).extracting(LineageView.Hop::app).containsExactly(p + "-enrich", p + "-score",
                    p + "-alert");
            assertThat(chain.hops()).extracting(LineageView.Hop::p50Ms).containsExactly(10.0, 30.0, 60.0);
            assertThat(chain.hops()).extracting(LineageView.Hop::share).containsExactly(0.1, 0.3, 0.6);
        }
    }

    @Test
    void cycles_end_a_path_and_chains_branch_where_two_apps_read_one_topic() {
        LineageGraph g = LineageGraph.of(List.of(
                Records.announcement("a", "i", List.of("in"), List.of("x"), Instant.now(), false),
                Records.announcement("b", "i", List.of("x"), List.of("y"), Instant.now(), false),
                Records.announcement("c", "i", List.of("y"), List.of("x"), Instant.now(), false), // y -> x: a cycle
                Records.announcement("d", "i", List.of("x"), List.of("out"), Instant.now(), false),
                Records.announcement("loop1", "i", List.of("l1"), List.of("l2"), Instant.now(), false),
                Records.announcement("loop2", "i", List.of("l2"), List.of("l1"), Instant.now(), false)));
        assertThat(g.chains()).extracting(c -> c.stream().map(Node::name).toList())
                .containsExactly(List.of("in", "a", "x", "d", "out"));
        assertThat(g.nodes()).filteredOn(n -> n.kind() == Kind.APP).hasSize(6);
        assertThat(g.edges()).hasSize(12);
    }

    @Test
    void a_chain_with_no_sampled_events_has_no_latency() {
        LineageView.Chain c = ChainLatency.of(List.of(new Node(Kind.TOPIC, "a"), new Node(Kind.APP, "x"),
                new Node(Kind.TOPIC, "b")), t -> List.of());
        assertThat(c.samples()).isZero();
        assertThat(c.p50Ms()).isEqualTo(-1);
        assertThat(c.p99Ms()).isEqualTo(-1);
        assertThat(c.hops()).singleElement().satisfies(h -> assertThat(h.p50Ms()).isEqualTo(-1));
    }

    @Test
    void sampling_reads_no_more_than_its_cap_of_events_per_topic() {
        String p = KAFKA.uniqueTopic("cap");
        KAFKA.createTopic(p + ".in", 1);
        KAFKA.createTopic(p + ".out", 1);
        HubSettings settings = HubFixture.settings(KAFKA, p);
        settings = new HubSettings(settings.metadataInterval(), settings.ratesInterval(), settings.lineageInterval(),
                settings.lagWindow(), settings.maxAgeFetches(), 20, settings.maxSampleBytes(), settings.maxSampleTopics(),
                settings.timeout(), settings.statusTopic(), settings.announceTopic(), settings.auditTopic());
        Instant now = Instant.now();
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), Records.announcement(p + "-app", "i", List.of(p + ".in"),
                    List.of(p + ".out"), now, false));
            for (int i = 0; i < 50; i++) {
                send(records, p + ".out", 0, i, now, now.plusMillis(5), String.format("%032x", i + 1), 1);
            }
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.lineage().chains().get(0).samples() == 20);
            assertThat(hub.lineage().chains().get(0).p50Ms()).isEqualTo(5);
        }
    }

    private static void send(Records records, String topic, int partition, int i, Instant origin, Instant at,
                             String trace, int hops) {
        records.send(topic, partition, at, "k" + i,
                ("{\"i\": " + i + "}").getBytes(StandardCharsets.UTF_8),
                Map.of(Lineage.TRACEPARENT, "00-" + trace + "-" + String.format("%016x", hops) + "-01",
                        Lineage.ORIGIN_TIME, Long.toString(origin.toEpochMilli()), Lineage.HOPS, Integer.toString(hops)));
    }
}
