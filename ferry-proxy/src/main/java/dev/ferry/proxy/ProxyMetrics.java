package dev.ferry.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The proxy's own metrics, in Micrometer's Prometheus registry as the engine keeps an app's, and
 * served at {@code GET /metrics} of {@code metrics-listen} when the config sets it:
 * {@code ferry_proxy_records_accepted_total{app}} (records the broker acknowledged),
 * {@code ferry_proxy_records_rejected_total{app,rule}} (the record that broke a rule, one per rejected
 * batch: the rest of the batch is not judged) and {@code ferry_proxy_batch_seconds{app,outcome}} (from
 * a batch's arrival to its answer: {@code written}, {@code rejected} or {@code failed}, with a
 * histogram for p50 and p99). Counting is on the write streams' threads; the registry is thread-safe.
 */
final class ProxyMetrics implements AutoCloseable {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpServer server;

    /** Serves {@code /metrics} at {@code listen} ({@code HOST:PORT}, port 0 for any free one), if given. */
    ProxyMetrics serve(Optional<String> listen, String source) {
        if (listen.isEmpty()) {
            return this;
        }
        String text = listen.get();
        int colon = text.lastIndexOf(':');
        try {
            server = HttpServer.create(new InetSocketAddress(text.substring(0, colon),
                    Integer.parseInt(text.substring(colon + 1))), 0);
        } catch (IOException e) {
            throw new ProxyException("the proxy cannot serve its metrics on " + text + " (metrics-listen in " + source
                    + "): " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Where {@code /metrics} is served, {@code host:port}, if it is. */
    Optional<String> address() {
        return Optional.ofNullable(server).map(s -> s.getAddress().getHostString() + ":" + s.getAddress().getPort());
    }

    /** {@code count} records of {@code app} acknowledged by the broker. */
    void accepted(String app, int count) {
        Counter.builder("ferry.proxy.records.accepted").description("records the broker acknowledged")
                .tag("app", app).register(registry).increment(count);
    }

    /** A record of {@code app} broke {@code rule}, and its batch was rejected. */
    void rejected(String app, String rule) {
        Counter.builder("ferry.proxy.records.rejected").description("records that broke a rule (one per rejected batch)")
                .tag("app", app).tag("rule", rule).register(registry).increment();
    }

    /** A batch of {@code app} answered {@code outcome} after {@code took}. */
    void batch(String app, String outcome, Duration took) {
        Timer.builder("ferry.proxy.batch").description("from a batch's arrival to the proxy's answer")
                .tag("app", app).tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took);
    }

    /** The metrics as Prometheus text. */
    String scrape() {
        return registry.scrape();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean metrics = exchange.getRequestURI().getPath().equals("/metrics");
        byte[] body = (metrics ? scrape() : "not found: the proxy serves /metrics\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", metrics ? PROMETHEUS : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(metrics ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
