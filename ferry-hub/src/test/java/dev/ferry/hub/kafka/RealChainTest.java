package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.RunningApp;
import dev.ferry.hub.AppView;
import dev.ferry.hub.GroupView;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.TopicSummary;
import dev.ferry.runbook.RunbookTexts;
import dev.ferry.runbook.RunbookWriter;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hub over real Ferry apps: a chain of three, which announce themselves, report their status
 * and put lineage headers on their outputs, read from the cluster alone; each gets the alert rules
 * {@code ferry runbook} writes for it.
 */
class RealChainTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Event(int id) { }

    public static class Enrich {
        @Ferry(app = "chain-enrich", topics = "chain.signups", start = Start.BEGINNING, owner = "team-a",
                outputs = @Output(topic = "chain.enriched", schema = Event.class))
        public static List<Event> run(List<Event> events) {
            return events;
        }
    }

    public static class Score {
        @Ferry(app = "chain-score", topics = "chain.enriched", start = Start.BEGINNING,
                outputs = @Output(topic = "chain.scored", schema = Event.class))
        public static List<Event> run(List<Event> events) {
            return events;
        }
    }

    public static class Alert {
        @Ferry(app = "chain-alert", topics = "chain.scored", start = Start.BEGINNING,
                outputs = @Output(topic = "chain.alerts", schema = Event.class))
        public static List<Event> run(List<Event> events) {
            return events;
        }
    }

    @Test
    void a_chain_of_three_real_apps_is_catalogued_drawn_and_timed() {
        TestKafka kafka = KAFKA.client();
        List.of("chain.signups", "chain.enriched", "chain.scored", "chain.alerts").forEach(t -> kafka.createTopic(t, 1));
        kafka.produce("chain.signups", IntStream.range(0, 50).mapToObj(i -> "{\"id\": " + i + "}").toList());
        HubSettings settings = HubSettings.of(kafka.profile())
                .withIntervals(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
        try (RunningApp a = kafka.start(Enrich.class); RunningApp b = kafka.start(Score.class);
             RunningApp c = kafka.start(Alert.class)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> c.status().consumed() == 50);
            try (KafkaHubData hub = KafkaHubData.start(KAFKA.bootstrapServers(), kafka.profile(), settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.apps().size() == 3);
                AppView enrich = hub.app("chain-enrich").orElseThrow();
                assertThat(enrich.latest().owner()).isEqualTo("team-a");
                assertThat(enrich.latest().outputs()).extracting(o -> o.topic()).containsExactly("chain.enriched");
                assertThat(enrich.instances()).singleElement().satisfies(i -> {
                    assertThat(i.live()).isTrue();
                    assertThat(i.status()).isPresent();
                });
                AppDescriptor enrichApp = AppDescriptor.of(Enrich.class);
                RunbookTexts written = RunbookWriter.render(enrichApp, FerryEngine.outputSchemas(enrichApp,
                        kafka.profile()), kafka.profile(), RunbookWriter.RUNBOOK); // what ferry runbook writes
                assertThat(enrich.alerts()).hasValueSatisfying(alerts -> {
                    assertThat(alerts.rules()).isEqualTo(written.rules());
                    assertThat(alerts.prometheusRule()).isEqualTo(written.prometheusRule());
                });

                await().atMost(Duration.ofSeconds(30)).until(() -> !hub.lineage().chains().isEmpty()
                        && hub.lineage().chains().get(0).samples() == 50);
                LineageView.Chain chain = hub.lineage().chains().get(0);
                assertThat(hub.lineage().chains()).hasSize(1);
                assertThat(chain.path()).extracting(LineageView.Node::name).containsExactly("chain.signups",
                        "chain-enrich", "chain.enriched", "chain-score", "chain.scored", "chain-alert", "chain.alerts");
                assertThat(chain.p50Ms()).isGreaterThanOrEqualTo(0);
                assertThat(chain.p99Ms()).isGreaterThanOrEqualTo(chain.p50Ms());
                assertThat(chain.hops()).extracting(LineageView.Hop::app)
                        .containsExactly("chain-enrich", "chain-score", "chain-alert");
                assertThat(chain.hops()).allSatisfy(h -> assertThat(h.p50Ms()).isGreaterThanOrEqualTo(0));

                TopicSummary scored = hub.topics().stream().filter(t -> t.name().equals("chain.scored")).findFirst()
                        .orElseThrow();
                assertThat(scored.writingApps()).containsExactly("chain-score");
                assertThat(scored.readingApps()).containsExactly("chain-alert");
                assertThat(scored.eventsHeld()).isEqualTo(50);
                GroupView alert = hub.consumer("chain-alert").orElseThrow();
                assertThat(alert.app()).contains("chain-alert");
                assertThat(alert.verdict()).isEqualTo(AppStatus.Health.OK);
                assertThat(alert.members()).hasSize(1);
                assertThat(alert.totalLag()).isZero();
            }
        }
    }
}
