package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.spi.OutputSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A started app's consumers, status and monitoring endpoint, behind the public {@code RunningApp}. */
public final class LaunchedApp {

    private final AppDescriptor app;
    private final AppState state;
    private final List<ConsumerLoop> loops;
    private final Duration shutdownTimeout;
    private final MonitoringServer monitoring;
    private final Map<String, OutputSchema> schemas;

    LaunchedApp(AppDescriptor app, AppState state, List<ConsumerLoop> loops, Duration shutdownTimeout,
                MonitoringServer monitoring, Map<String, OutputSchema> schemas) {
        this.app = app;
        this.state = state;
        this.loops = List.copyOf(loops);
        this.shutdownTimeout = shutdownTimeout;
        this.monitoring = monitoring;
        this.schemas = schemas;
    }

    /** The app. */
    public AppDescriptor app() {
        return app;
    }

    /** Its status now. */
    public AppStatus status() {
        return state.snapshot();
    }

    /** Each output topic's schema, as its format validates it. */
    public Map<String, OutputSchema> schemas() {
        return schemas;
    }

    /** Where its monitoring endpoint listens, if it has one. */
    public Optional<URI> monitoringAddress() {
        return Optional.ofNullable(monitoring).map(MonitoringServer::address);
    }

    /** Its metrics in the Prometheus text format. */
    public String scrape() {
        return state.metrics().scrape();
    }

    /** Stops every consumer and waits for them, up to twice the shutdown timeout and 5 s. Idempotent. */
    public void close() {
        if (monitoring != null) {
            monitoring.close();
        }
        loops.forEach(ConsumerLoop::stop);
        long deadline = System.nanoTime() + shutdownTimeout.multipliedBy(2).plusSeconds(5).toNanos();
        for (ConsumerLoop loop : loops) {
            try {
                loop.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
