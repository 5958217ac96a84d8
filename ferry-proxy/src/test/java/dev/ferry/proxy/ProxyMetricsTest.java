package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import dev.ferry.proxy.client.ProxySinkProvider;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's Prometheus endpoint ({@code metrics-listen}) against a real proxy and broker: records
 * accepted per app, a rejection per app and rule, and the batch latency by outcome.
 */
class ProxyMetricsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    private static SinkBatch batch(String topic, int records) {
        List<Event> in = List.of(Event.of("in", 0, 1, 0, null, "{}".getBytes(StandardCharsets.UTF_8), List.of()));
        List<OutputRecord> out = new java.util.ArrayList<>();
        for (int i = 0; i < records; i++) {
            out.add(new OutputRecord(topic, 0, null, ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8), Map.of(), 0));
        }
        return new SinkBatch(out, in);
    }

    private static String scrape(String address) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        return r.body();
    }

    @Test
    void counts_accepted_and_rejected_records_per_app_and_rule_and_times_batches() throws Exception {
        String app = "metrics-app";
        String out = KAFKA.uniqueTopic("out");
        kafka.createTopic(out, 1);
        Instant now = Instant.now();
        kafka.produce("ferry.apps", List.of(new AppAnnouncement(AppAnnouncement.VERSION, app, "", "", "", app + "-0",
                "host", 1, List.of("in"), "json", List.of(new AppAnnouncement.Output(out, "json", "json-schema",
                "{\"type\": \"object\"}")), "at-least-once", "proxy", "", "", now, now, false).toJson()));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "metrics-listen: 127.0.0.1:0\n");
             Sink sink = new ProxySinkProvider().create(TestSinkContext.of(app, Map.of("address", proxy.server.address(),
                     "token-file", dir.resolve(app + ".token").toString())))) {
            sink.write(batch(out, 3)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            sink.write(batch(out, 2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            try {
                sink.write(batch("not-declared", 1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                throw new AssertionError("the undeclared topic was written");
            } catch (ExecutionException expected) {
                // the rejection, counted below
            }
            String metrics = scrape(proxy.server.metricsAddress().orElseThrow());
            assertThat(metrics)
                    .contains("ferry_proxy_records_accepted_total{app=\"metrics-app\"} 5.0")
                    .contains("ferry_proxy_records_rejected_total{app=\"metrics-app\",rule=\"undeclared-topic\"} 1.0")
                    .contains("ferry_proxy_batch_seconds_count{app=\"metrics-app\",outcome=\"written\"} 2")
                    .contains("ferry_proxy_batch_seconds_count{app=\"metrics-app\",outcome=\"rejected\"} 1")
                    .contains("ferry_proxy_batch_seconds_bucket{app=\"metrics-app\",outcome=\"written\"");
        }
    }
}
