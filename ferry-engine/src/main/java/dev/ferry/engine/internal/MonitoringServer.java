package dev.ferry.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.spi.OutputSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of one running app, on the JDK's own server: {@code GET /health/live} (200
 * while its consumer threads run), {@code GET /health/ready} (200 when {@link AppStatus#ready()},
 * else 503 saying why), {@code GET /metrics} (Prometheus text) and {@code GET /status} (JSON: the
 * status and what the app is). One daemon thread serves it.
 */
final class MonitoringServer implements AutoCloseable {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MonitoringServer.class);

    private final AppDescriptor spec;
    private final Supplier<AppStatus> status;
    private final BooleanSupplier live;
    private final AppMetrics metrics;
    private final Map<String, OutputSchema> schemas;
    private final HttpServer server;
    private final ExecutorService executor;

    private MonitoringServer(AppDescriptor spec, Supplier<AppStatus> status, BooleanSupplier live, AppMetrics metrics,
                             Map<String, OutputSchema> schemas, HttpServer server) {
        this.spec = spec;
        this.status = status;
        this.live = live;
        this.metrics = metrics;
        this.schemas = Map.copyOf(schemas);
        this.server = server;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-" + spec.name() + "-monitoring");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the endpoint on {@code port} (0 for any free port) of every interface.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    static MonitoringServer start(AppDescriptor spec, int port, Supplier<AppStatus> status, BooleanSupplier live,
                                  AppMetrics metrics, Map<String, OutputSchema> schemas) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("app '" + spec.name() + "': cannot open the monitoring endpoint on port "
                    + port + " (" + e.getMessage() + "); choose another monitoring.port, or 0 for any free port", e);
        }
        MonitoringServer m = new MonitoringServer(spec, status, live, metrics, schemas, server);
        server.createContext("/", m::handle);
        server.setExecutor(m.executor);
        server.start();
        return m;
    }

    /** Where it listens, e.g. {@code http://localhost:8080}. */
    URI address() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "only GET is supported\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health/live" -> live(exchange);
                case "/health/ready" -> ready(exchange);
                case "/metrics" -> send(exchange, 200, PROMETHEUS, metrics.scrape());
                case "/status" -> send(exchange, 200, JSON, statusJson());
                default -> send(exchange, 404, TEXT, "not found; try /health/live, /health/ready, /metrics or /status\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("app '{}': monitoring request {} failed", spec.name(), exchange.getRequestURI(), e);
        }
    }

    private void live(HttpExchange exchange) throws IOException {
        if (live.getAsBoolean()) {
            send(exchange, 200, TEXT, "live\n");
        } else {
            send(exchange, 503, TEXT, "app '" + spec.name() + "': its consumers have stopped\n");
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        AppStatus s = status.get();
        if (s.ready()) {
            send(exchange, 200, TEXT, "ready\n");
        } else {
            send(exchange, 503, TEXT, s.notReadyReason() + "\n");
        }
    }

    /** The status and the app's description, as JSON. */
    String statusJson() {
        AppStatus s = status.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", spec.name());
        out.put("state", s.state());
        out.put("ready", s.ready());
        out.put("notReadyReason", s.notReadyReason());
        out.put("health", s.health());
        out.put("healthReason", s.healthReason());
        out.put("consumers", s.consumers());
        out.put("partitions", s.partitions());
        out.put("consumed", s.consumed());
        out.put("emitted", s.emitted());
        out.put("deadLettered", s.deadLettered());
        out.put("lag", s.lag());
        out.put("unreachable", s.unreachable().map(MonitoringServer::unreachable).orElse(null));
        out.put("storeUnavailable", s.store().map(MonitoringServer::storeUnavailable).orElse(null));
        out.put("failure", s.failure().map(MonitoringServer::failure).orElse(null));
        out.put("partitionLags", metrics.lags().views());
        out.put("description", description());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status of app '" + spec.name() + "' as JSON", e);
        }
    }

    private static Map<String, Object> failure(AppStatus.Failure f) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (f.position() != null) {
            out.put("topic", f.position().topic());
            out.put("partition", f.position().partition());
            out.put("offset", f.position().offset());
        }
        out.put("attempts", f.attempts());
        out.put("message", f.message());
        return out;
    }

    private static Map<String, Object> unreachable(AppStatus.Unreachable u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", u.since().toString());
        out.put("seconds", u.duration().toSeconds());
        out.put("message", "cannot reach the Kafka cluster: " + u.describe());
        return out;
    }

    private static Map<String, Object> storeUnavailable(AppStatus.StoreUnavailable u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", u.since().toString());
        out.put("seconds", u.duration().toSeconds());
        out.put("reason", u.reason());
        return out;
    }

    private Map<String, Object> description() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", spec.name());
        out.put("description", spec.description());
        out.put("owner", spec.owner());
        out.put("topics", spec.topics());
        out.put("start", spec.start());
        out.put("batchSize", spec.batchSize());
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (OutputDescriptor o : spec.outputs()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("topic", o.topic());
            OutputSchema schema = schemas.get(o.topic());
            if (schema != null) {
                one.put("format", schema.format());
                one.put("schemaLanguage", schema.language());
                JsonNode document;
                try {
                    document = MAPPER.readTree(schema.document());
                } catch (JsonProcessingException e) {
                    document = MAPPER.getNodeFactory().textNode(schema.document());
                }
                one.put("schema", document);
            }
            outputs.add(one);
        }
        out.put("outputs", outputs);
        return out;
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
