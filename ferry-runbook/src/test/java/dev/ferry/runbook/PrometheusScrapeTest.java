package dev.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes a real app's {@code /metrics} (on an embedded KRaft broker), with
 * the app's generated rules loaded: it sees the app up and its {@code ferry_*} series, and when the
 * app halts at a poison event, the halted alert fires.
 */
class PrometheusScrapeTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void prometheus_scrapes_the_app_and_fires_the_halted_alert_when_it_halts() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("halting.signed_up", 1);
        List<String> events = new ArrayList<>(IntStream.rangeClosed(1, 5).mapToObj(i -> "{\"client\": " + i + "}").toList());
        events.add("{\"client\": 13}");
        events.add("{\"client\": 14}");
        kafka.produce("halting.signed_up", events);
        AppDescriptor app = AppDescriptor.of(HaltingScorer.class);
        PlatformProfile profile = kafka.profile().toBuilder().set("monitoring.port", "0")
                .set("alerts.halted-for", "2s").build();
        RunbookFiles files = RunbookWriter.write(app, FerryEngine.outputSchemas(app, profile), profile, dir);

        try (RunningApp running = FerryEngine.start(app, profile)) {
            URI monitoring = running.monitoringAddress().orElseThrow();
            try (PrometheusServer prometheus = PrometheusServer.start(dir, "127.0.0.1:" + monitoring.getPort(),
                    files.rules())) {
                await("Prometheus scrapes the app").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().untilAsserted(() -> {
                            JsonNode up = prometheus.query("up{job=\"ferry\"}");
                            assertThat(up).hasSize(1);
                            assertThat(up.at("/0/value/1").asText()).isEqualTo("1");
                        });
                await("the app's consumed count reaches Prometheus").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
                            JsonNode consumed = prometheus.query("ferry_events_consumed_total{app=\"halting-scorer\"}");
                            assertThat(consumed).hasSize(1);
                            assertThat(consumed.at("/0/value/1").asText()).isEqualTo("5");
                        });
                await("the halted alert fires").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().untilAsserted(() -> {
                            JsonNode halted = firing(prometheus.alerts(), AppAlerts.HALTED);
                            assertThat(halted).as(prometheus.log()).isNotNull();
                            assertThat(halted.at("/labels/app").asText()).isEqualTo("halting-scorer");
                            assertThat(halted.at("/labels/severity").asText()).isEqualTo("critical");
                            assertThat(halted.at("/labels/owner").asText()).isEqualTo("ds-growth@example.com");
                            assertThat(halted.at("/annotations/runbook_url").asText())
                                    .isEqualTo(files.runbook().toAbsolutePath().normalize().toString());
                        });
                assertThat(prometheus.query("ferry_halted{app=\"halting-scorer\"}").at("/0/value/1").asText())
                        .isEqualTo("1");
                assertThat(prometheus.query("ferry_ready{app=\"halting-scorer\"}").at("/0/value/1").asText())
                        .isEqualTo("0");
                assertThat(prometheus.query("ferry_events_consumed_total{app=\"halting-scorer\"}").at("/0/value/1")
                        .asText()).as("client 14, after the poison event, is not processed").isEqualTo("5");
                assertThat(prometheus.alerts()).as("a halt raises only the halted alert, not even a pending other one")
                        .allSatisfy(a -> assertThat(a.at("/labels/alertname").asText()).isEqualTo(AppAlerts.HALTED));
            }
        }
    }

    private static JsonNode firing(JsonNode alerts, String name) {
        for (JsonNode a : alerts) {
            if (a.at("/labels/alertname").asText().equals(name) && a.get("state").asText().equals("firing")) {
                return a;
            }
        }
        return null;
    }
}
