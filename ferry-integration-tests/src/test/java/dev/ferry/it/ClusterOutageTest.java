package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app whose cluster goes away says so: not ready within the documented bound, naming the
 * reason and for how long, its partitions' fate logged, and ready again when the cluster is back,
 * with nothing lost. The broker here is stopped and started again on the same port and data.
 */
class ClusterOutageTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * How long an app that owns partitions may hear nothing before its cluster counts as unreachable:
     * twice the longest of the heartbeat interval and {@code fetch.max.wait.ms}, both 500 ms here (Ferry's
     * default fetch wait, 3 s, would make it 6 s), but at least 3 s.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);
    /** How late after the bound the poll thread may notice it: it checks between polls, at least every 1.5 s. */
    private static final Duration NOTICED_WITHIN = Duration.ofMillis(1500);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Echo(int id) { }

    public static class Echoes {
        @Ferry(app = "outage", topics = "outage.in", start = Start.BEGINNING,
                outputs = @Output(topic = "outage.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
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
    void an_app_whose_broker_stops_is_not_ready_within_the_bound_says_why_and_is_ready_again_when_it_is_back()
            throws IOException {
        TestKafka kafka = KAFKA.client();
        KAFKA.createTopic("outage.in", 2);
        KAFKA.createTopic("outage.out", 1);
        kafka.produce("outage.in", ids(0, 100));
        PlatformProfile profile = kafka.profile().toBuilder().set("monitoring.port", "0")
                .set("kafka.consumer.heartbeat.interval.ms", "500")
                .set("kafka.consumer.fetch.max.wait.ms", "500").build();

        try (LogCapture log = new LogCapture();
             RunningApp app = FerryEngine.start(AppDescriptor.of(Echoes.class), profile)) {
            await().atMost(WAIT).until(() -> app.status().consumed() == 100 && app.status().ready());
            assertThat(get(app, "/health/ready").statusCode()).isEqualTo(200);

            KAFKA.broker().stop();
            long stopped = System.nanoTime(); // it may still have answered while stopping
            await().atMost(WAIT).until(() -> !app.status().ready());
            Duration notReadyAfter = Duration.ofNanos(System.nanoTime() - stopped);

            AppStatus down = app.status();
            assertThat(notReadyAfter).as("from the broker stopping to the app not ready")
                    .isLessThanOrEqualTo(BOUND.plus(NOTICED_WITHIN));
            assertThat(down.state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(down.notReadyReason()).startsWith("app 'outage' cannot reach the Kafka cluster: nothing received "
                    + "from it for ");
            assertThat(down.unreachable()).hasValueSatisfying(u -> {
                assertThat(u.duration()).isGreaterThanOrEqualTo(BOUND);
                assertThat(down.notReadyReason()).endsWith("nothing received from it for " + u.duration().toSeconds()
                        + "s (since " + u.since() + ")");
            });
            HttpResponse<String> ready = get(app, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("app 'outage' cannot reach the Kafka cluster: nothing received from it "
                    + "for ");
            JsonNode status = new ObjectMapper().readTree(get(app, "/status").body());
            assertThat(status.path("ready").asBoolean()).isFalse();
            assertThat(status.path("unreachable").path("seconds").asLong()).isGreaterThanOrEqualTo(BOUND.toSeconds());
            assertThat(status.path("unreachable").path("since").asText()).isNotEmpty();
            assertThat(log.linesWith(Level.WARN, "app 'outage': consumer 0 cannot reach the Kafka cluster")).hasSize(1);

            KAFKA.broker().restart();
            await().atMost(WAIT).until(() -> app.status().ready());
            assertThat(app.status().unreachable()).isEmpty();
            assertThat(log.linesWith(Level.INFO, "app 'outage': consumer 0 reaches the Kafka cluster again")).hasSize(1);

            kafka.produce("outage.in", ids(100, 200));
            await().atMost(WAIT).until(() -> app.status().consumed() >= 200);
        }
        assertThat(kafka.readAllValues("outage.out", Duration.ofSeconds(10))).as("the whole topic")
                .containsAll(compactIds(0, 200));
    }

    public static class Paused {
        @Ferry(app = "paused", topics = "paused.in", start = Start.BEGINNING,
                outputs = @Output(topic = "paused.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The case seen in operation: the broker pauses (here its connections hold everything, through
     * a proxy) for longer than the group's session timeout, so the coordinator forgets the member,
     * and the consumer learns it has lost its partitions only when the cluster answers again.
     */
    @Test
    void an_app_whose_cluster_pauses_past_its_session_logs_losing_and_regaining_its_partitions_and_loses_nothing()
            throws IOException {
        try (PausableProxy proxy = new PausableProxy()) {
            int brokerPort = freePort();
            proxy.forwardTo(brokerPort);
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(brokerPort)
                    .brokerProperty("advertised.listeners", "PLAINTEXT://localhost:" + proxy.port())
                    .brokerProperty("group.min.session.timeout.ms", "1000").start()) {
                pausedFor(proxy, broker, new TestKafka("localhost:" + proxy.port()));
            }
        }
    }

    private void pausedFor(PausableProxy proxy, EmbeddedKafkaBroker broker, TestKafka kafka) {
        broker.createTopic("paused.in", 2);
        broker.createTopic("paused.out", 1);
        kafka.produce("paused.in", ids(0, 50));
        PlatformProfile profile = kafka.profile().toBuilder()
                .set("kafka.consumer.session.timeout.ms", "1500")
                .set("kafka.consumer.heartbeat.interval.ms", "500")
                .set("kafka.consumer.fetch.max.wait.ms", "500").build();

        try (LogCapture log = new LogCapture()) {
            try (RunningApp app = FerryEngine.start(AppDescriptor.of(Paused.class), profile)) {
                await().atMost(WAIT).until(() -> app.status().consumed() == 50 && app.status().ready());
                assertThat(log.linesWith(Level.INFO, "app 'paused': consumer 0 was assigned")).containsExactly(
                        "INFO app 'paused': consumer 0 was assigned 2 partition(s): paused.in-0, paused.in-1; it owns 2 now");

                long paused = System.nanoTime();
                proxy.pause();
                await().atMost(WAIT).until(() -> !app.status().ready());
                assertThat(Duration.ofNanos(System.nanoTime() - paused)).as("from the pause to the app not ready")
                        .isLessThanOrEqualTo(BOUND.plus(NOTICED_WITHIN));
                assertThat(app.status().notReadyReason()).startsWith("app 'paused' cannot reach the Kafka cluster: ");
                assertThat(app.status().partitions()).as("nothing said it lost them yet").isEqualTo(2);

                proxy.resume();
                await().atMost(WAIT).until(() -> app.status().ready());
                kafka.produce("paused.in", ids(50, 100));
                await().atMost(WAIT).until(() -> app.status().consumed() >= 100);

                List<String> story = log.linesWith("app 'paused': consumer 0").stream()
                        .map(l -> l.replaceAll("\\d+s", "Ns")).toList();
                assertThat(story).containsSubsequence(
                        "INFO app 'paused': consumer 0 was assigned 2 partition(s): paused.in-0, paused.in-1; it owns 2 now",
                        "WARN app 'paused': consumer 0 cannot reach the Kafka cluster (localhost:" + proxy.port()
                                + "): nothing received from it for Ns. Its work waits and nothing past it is committed; "
                                + "the app is not ready until the cluster answers again",
                        "INFO app 'paused': consumer 0 reaches the Kafka cluster again, after Ns without",
                        "WARN app 'paused': consumer 0 lost 2 partition(s): paused.in-0, paused.in-1; the group had given "
                                + "them to others, as it does when it has not heard from a consumer for its session "
                                + "timeout (e.g. the cluster could not be reached), so nothing more of them is committed "
                                + "here; it owns 0 now",
                        "INFO app 'paused': consumer 0 was assigned 2 partition(s): paused.in-0, paused.in-1; it owns 2 now");
            }
            assertThat(log.linesWith("app 'paused': consumer 0 gave up")).containsExactly(
                    "INFO app 'paused': consumer 0 gave up 2 partition(s) as it stops: paused.in-0, paused.in-1; it owns "
                            + "0 now");
        }
        assertThat(kafka.readAllValues("paused.out", Duration.ofSeconds(10))).as("the whole topic")
                .containsAll(compactIds(0, 100));
    }
}
