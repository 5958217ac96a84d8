package dev.ferry.engine;

import dev.ferry.engine.internal.AppState;
import dev.ferry.engine.internal.MonitoringServer;
import dev.ferry.engine.internal.PollLoop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started app: its consumers run on their own threads until {@link #close()}. Thread-safe.
 */
public final class RunningApp implements AutoCloseable {

    private final AppSpec spec;
    private final AppState state;
    private final List<PollLoop> loops;
    private final Duration shutdownTimeout;
    private final MonitoringServer monitoring;

    RunningApp(AppSpec spec, AppState state, List<PollLoop> loops, Duration shutdownTimeout,
               MonitoringServer monitoring) {
        this.spec = spec;
        this.state = state;
        this.loops = List.copyOf(loops);
        this.shutdownTimeout = shutdownTimeout;
        this.monitoring = monitoring;
    }

    /** What the app is: name, topics, schemas, owner. */
    public AppSpec spec() {
        return spec;
    }

    /** Its health now. */
    public AppStatus status() {
        return state.snapshot();
    }

    /**
     * Where its monitoring endpoint listens (e.g. {@code http://localhost:8080}: {@code /health/live},
     * {@code /health/ready}, {@code /metrics}, {@code /status}), or empty when the profile's
     * {@code monitoring.port} is -1 (the default).
     */
    public Optional<URI> monitoringAddress() {
        return Optional.ofNullable(monitoring).map(MonitoringServer::address);
    }

    /** Its metrics in the Prometheus text format, as {@code /metrics} serves them. */
    public String scrapeMetrics() {
        return state.metrics().scrape();
    }

    /**
     * Stops every consumer: each lets its batch in flight finish within the profile's shutdown
     * timeout (else abandons the rest of it), commits what is complete and leaves the group. Blocks
     * until done or until twice the shutdown timeout has passed. Idempotent.
     */
    @Override
    public void close() {
        if (monitoring != null) {
            monitoring.close();
        }
        loops.forEach(PollLoop::stop);
        long deadline = System.nanoTime() + shutdownTimeout.multipliedBy(2).plusSeconds(5).toNanos();
        for (PollLoop loop : loops) {
            try {
                loop.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return spec + " " + status();
    }
}
