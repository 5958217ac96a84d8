package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The monitoring endpoint of a running app: health, Prometheus metrics, lag and a self-description. */
class MonitoringTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Echo(int id) { }

    public static class Monitored {
        @Ferry(app = "monitored", topics = "mon.in", start = Start.BEGINNING,
                outputs = @Output(topic = "mon.out", schema = Echo.class),
                description = "Echoes events back.", owner = "ds-platform@example.com")
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class HaltsAtSeven {
        @Ferry(app = "halts-at-7", topics = "mon.halt.in", start = Start.BEGINNING)
        public static void run(List<Echo> events) {
            for (Echo e : events) {
                if (e.id() == 7) {
                    throw new IllegalStateException("seven is not allowed");
                }
            }
        }
    }

    public static class Unmonitored {
        @Ferry(app = "unmonitored", topics = "mon.quiet.in")
        public static void run(List<String> events) {
        }
    }

    private static PlatformProfile monitored(TestKafka kafka) {
        return kafka.profile().toBuilder().set("monitoring.port", "0").build();
    }

    private static List<String> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"id\": " + i + "}").toList();
    }

    private static HttpResponse<String> get(RunningApp app, String path) {
        URI uri = app.monitoringAddress().orElseThrow().resolve(path);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void serves_readiness_metrics_lag_and_status_of_a_running_app() throws IOException {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("mon.in", 2);
        kafka.createTopic("mon.out", 1);
        kafka.produce("mon.in", events(20));

        URI address;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Monitored.class), monitored(kafka))) {
            address = app.monitoringAddress().orElseThrow();
            assertThat(address.toString()).startsWith("http://localhost:");
            assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> get(app, "/health/ready").statusCode() == 200);
            await().atMost(WAIT).until(() -> app.status().consumed() == 20);

            await().atMost(WAIT).untilAsserted(() -> assertThat(get(app, "/metrics").body())
                    .contains("ferry_consumer_lag{app=\"monitored\",partition=\"0\",topic=\"mon.in\"} 0.0")
                    .contains("ferry_consumer_lag{app=\"monitored\",partition=\"1\",topic=\"mon.in\"} 0.0"));
            String metrics = get(app, "/metrics").body();
            assertThat(metrics)
                    .contains("ferry_events_consumed_total{app=\"monitored\"} 20.0")
                    .contains("ferry_events_emitted_total{app=\"monitored\",topic=\"mon.out\"} 20.0")
                    .contains("ferry_consumer_lag_seconds{app=\"monitored\",partition=\"0\",topic=\"mon.in\"} 0.0")
                    .contains("ferry_halted{app=\"monitored\"} 0.0")
                    .contains("ferry_ready{app=\"monitored\"} 1.0")
                    .contains("ferry_batch_duration_seconds_bucket{app=\"monitored\",le=");

            JsonNode status = new ObjectMapper().readTree(get(app, "/status").body());
            assertThat(status.path("app").asText()).isEqualTo("monitored");
            assertThat(status.path("state").asText()).isEqualTo("RUNNING");
            assertThat(status.path("health").asText()).isEqualTo("OK");
            assertThat(status.path("consumed").asLong()).isEqualTo(20);
            assertThat(status.path("description").path("owner").asText()).isEqualTo("ds-platform@example.com");
            JsonNode output = status.path("description").path("outputs").get(0);
            assertThat(output.path("topic").asText()).isEqualTo("mon.out");
            assertThat(output.path("schema").path("properties").has("id")).isTrue();
        }

        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(address.resolve("/health/live")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void a_halted_app_is_live_but_not_ready_names_the_failing_offset_and_its_lag_grows() throws IOException {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("mon.halt.in", 1);
        kafka.produce("mon.halt.in", events(10));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(HaltsAtSeven.class), monitored(kafka))) {
            await().atMost(WAIT).until(() -> app.status().state() == AppStatus.State.HALTED);

            HttpResponse<String> ready = get(app, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("app 'halts-at-7' is HALTED at topic 'mon.halt.in' partition 0 offset 7 "
                    + "after 3 attempt(s): ").contains("seven is not allowed");
            assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(app, "/metrics").body())
                    .contains("ferry_consumer_lag{app=\"halts-at-7\",partition=\"0\",topic=\"mon.halt.in\"} 3.0")
                    .contains("ferry_halted{app=\"halts-at-7\"} 1.0")
                    .contains("ferry_ready{app=\"halts-at-7\"} 0.0")
                    .contains("ferry_failures_total{app=\"halts-at-7\",stage=\"function\"}")
                    .contains("ferry_retries_total{app=\"halts-at-7\"} 2.0"));
            JsonNode status = new ObjectMapper().readTree(get(app, "/status").body());
            assertThat(status.path("health").asText()).isEqualTo("HALTED");
            assertThat(status.path("failure").path("offset").asLong()).isEqualTo(7);
            assertThat(app.status().lag()).isEqualTo(3);

            kafka.produce("mon.halt.in", events(5));

            await().atMost(WAIT).untilAsserted(() -> assertThat(get(app, "/metrics").body()).contains(
                    "ferry_consumer_lag{app=\"halts-at-7\",partition=\"0\",topic=\"mon.halt.in\"} 8.0"));
            assertThat(app.status().lag()).isEqualTo(8);
        }
    }

    @Test
    void has_no_endpoint_unless_the_profile_asks_for_one() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("mon.quiet.in", 1);

        try (RunningApp app = kafka.start(Unmonitored.class)) {
            assertThat(app.monitoringAddress()).isEmpty();
            assertThat(app.scrapeMetrics()).contains("ferry_events_consumed_total{app=\"unmonitored\"}");
        }
    }
}
