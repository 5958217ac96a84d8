package dev.ferry.engine;

import dev.ferry.engine.internal.LaunchedApp;
import dev.ferry.engine.spi.OutputSchema;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A started app: its consumers run on their own threads until {@link #close()}. Thread-safe.
 */
public final class RunningApp implements AutoCloseable {

    /**
     * The most {@link #close()} takes beyond the profile's {@code shutdown-timeout}, whatever the
     * cluster does: the time to commit what is complete, leave the group and close the sink once
     * the work in flight has had the shutdown timeout.
     */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final LaunchedApp launched;

    RunningApp(LaunchedApp launched) {
        this.launched = launched;
    }

    /** What the app is: name, topics, outputs, owner. */
    public AppDescriptor descriptor() {
        return launched.app();
    }

    /**
     * The schema each output topic's events are validated against, by topic, as its format
     * derived or read it.
     */
    public Map<String, OutputSchema> outputSchemas() {
        return launched.schemas();
    }

    /** Its health now. */
    public AppStatus status() {
        return launched.status();
    }

    /**
     * Where its monitoring endpoint listens (e.g. {@code http://localhost:8080}: {@code /health/live},
     * {@code /health/ready}, {@code /metrics}, {@code /status}), or empty when the profile's
     * {@code monitoring.port} is -1 (the default).
     */
    public Optional<URI> monitoringAddress() {
        return launched.monitoringAddress();
    }

    /** Its metrics in the Prometheus text format, as {@code /metrics} serves them. */
    public String scrapeMetrics() {
        return launched.scrape();
    }

    /**
     * Stops every consumer: each lets its work in flight finish within the profile's shutdown
     * timeout (else gives the rest of it up, uncommitted, and logs what it gave up), commits what is
     * complete, leaves the group and closes its sink. Returns within the shutdown timeout plus
     * {@link #CLOSE_GRACE}, whatever the cluster does. Idempotent.
     */
    @Override
    public void close() {
        launched.close();
    }

    @Override
    public String toString() {
        return launched.app() + " " + status();
    }
}
