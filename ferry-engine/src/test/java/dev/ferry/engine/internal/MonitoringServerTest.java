package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitoring endpoint over a status it is handed: no broker. */
class MonitoringServerTest {

    public record Score(int client, double score) { }

    static final class Scorer {
        @Ferry(app = "scorer", topics = "clients", outputs = @Output(topic = "scores", schema = Score.class),
                description = "Scores clients.", owner = "ds@example.com")
        public static List<Score> score(List<String> in) {
            return List.of();
        }
    }

    private final AppDescriptor spec = AppDescriptor.of(Scorer.class);
    private final AppMetrics metrics = new AppMetrics("scorer", 10);
    private final AtomicReference<AppStatus> status = new AtomicReference<>(
            new AppStatus("scorer", AppStatus.State.STARTING, 1, 0, 0, 0, 0, Optional.empty()));
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final MonitoringServer server = MonitoringServer.start(spec, 0, status::get, live::get, metrics,
            Map.of("scores", new dev.ferry.engine.spi.OutputSchema("json", "json-schema",
                    "{\"type\": \"object\", \"properties\": {\"score\": {\"type\": \"number\"}}}")));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listens_on_a_free_port_of_localhost() {
        URI address = server.address();

        assertThat(address.getScheme()).isEqualTo("http");
        assertThat(address.getHost()).isEqualTo("localhost");
        assertThat(address.getPort()).isPositive();
    }

    @Test
    void is_live_while_the_consumers_run() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        live.set(false);

        HttpResponse<String> r = get("/health/live");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("app 'scorer': its consumers have stopped");
    }

    @Test
    void is_ready_only_with_partitions_and_not_halted_and_says_why_not() throws Exception {
        HttpResponse<String> starting = get("/health/ready");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).isEqualTo("app 'scorer' is starting: no partitions assigned yet\n");

        status.set(new AppStatus("scorer", AppStatus.State.RUNNING, 1, 3, 0, 0, 0, Optional.empty()));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);

        status.set(new AppStatus("scorer", AppStatus.State.HALTED, 1, 3, 0, 0, 0, Optional.of(
                new AppStatus.Failure(new EventPosition("clients", 1, 17), 3, "boom"))));
        HttpResponse<String> halted = get("/health/ready");
        assertThat(halted.statusCode()).isEqualTo(503);
        assertThat(halted.body()).isEqualTo(
                "app 'scorer' is HALTED at topic 'clients' partition 1 offset 17 after 3 attempt(s): boom\n");
    }

    @Test
    void is_not_ready_while_the_cluster_cannot_be_reached_and_says_since_when_in_the_status() throws Exception {
        AppStatus.Unreachable outage = new AppStatus.Unreachable(java.time.Instant.parse("2026-11-25T10:00:00Z"),
                java.time.Duration.ofSeconds(42));
        status.set(new AppStatus("scorer", AppStatus.State.RUNNING, 1, 3, 0, 0, 0, Optional.empty(),
                AppStatus.Health.OK, "", 0, Optional.of(outage)));

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("app 'scorer' cannot reach the Kafka cluster: nothing received from it for 42s "
                + "(since 2026-11-25T10:00:00Z)\n");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/status").body());
        assertThat(json.path("state").asText()).isEqualTo("RUNNING");
        assertThat(json.path("ready").asBoolean()).isFalse();
        assertThat(json.path("unreachable").path("since").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(json.path("unreachable").path("seconds").asLong()).isEqualTo(42);
        assertThat(json.path("unreachable").path("message").asText()).isEqualTo("cannot reach the Kafka cluster: "
                + "nothing received from it for 42s (since 2026-11-25T10:00:00Z)");

        status.set(new AppStatus("scorer", AppStatus.State.RUNNING, 1, 3, 0, 0, 0, Optional.empty()));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/status").body())
                .path("unreachable").isNull()).isTrue();
    }

    @Test
    void is_not_ready_while_its_store_is_away_and_says_why_and_since_when_in_the_status() throws Exception {
        status.set(new AppStatus("scorer", AppStatus.State.RUNNING, 1, 3, 0, 0, 0, Optional.empty(),
                AppStatus.Health.OK, "", 0, Optional.empty(), Optional.of(new AppStatus.StoreUnavailable(
                java.time.Instant.parse("2026-11-25T10:00:00Z"), java.time.Duration.ofSeconds(7), "connection refused"))));

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("app 'scorer' cannot write to its store: connection refused "
                + "(since 2026-11-25T10:00:00Z, 7s)\n");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/status").body());
        assertThat(json.path("ready").asBoolean()).isFalse();
        assertThat(json.path("storeUnavailable").path("since").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(json.path("storeUnavailable").path("seconds").asLong()).isEqualTo(7);
        assertThat(json.path("storeUnavailable").path("reason").asText()).isEqualTo("connection refused");

        status.set(new AppStatus("scorer", AppStatus.State.RUNNING, 1, 3, 0, 0, 0, Optional.empty()));
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/status").body())
                .path("storeUnavailable").isNull()).isTrue();
    }

    @Test
    void serves_the_metrics_as_prometheus_text() throws Exception {
        metrics.functionCalled(0, 1, 1_000);

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("ferry_function_duration_seconds_count{app=\"scorer\"} 1");
    }

    @Test
    void describes_the_app_and_its_status_as_json() throws Exception {
        HttpResponse<String> r = get("/status");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(json.path("app").asText()).isEqualTo("scorer");
        assertThat(json.path("state").asText()).isEqualTo("STARTING");
        assertThat(json.path("health").asText()).isEqualTo("OK");
        assertThat(json.path("ready").asBoolean()).isFalse();
        JsonNode description = json.path("description");
        assertThat(description.path("owner").asText()).isEqualTo("ds@example.com");
        assertThat(description.path("description").asText()).isEqualTo("Scores clients.");
        assertThat(description.path("topics").get(0).asText()).isEqualTo("clients");
        JsonNode output = description.path("outputs").get(0);
        assertThat(output.path("topic").asText()).isEqualTo("scores");
        assertThat(output.path("format").asText()).isEqualTo("json");
        assertThat(output.path("schemaLanguage").asText()).isEqualTo("json-schema");
        assertThat(output.path("schema").path("properties").has("score")).isTrue();
    }

    @Test
    void answers_unknown_paths_with_404_and_other_methods_with_405() throws Exception {
        assertThat(get("/health/liveness").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.address().resolve("/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
