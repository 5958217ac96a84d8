package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.spi.OutputSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started app's consumers, status and monitoring endpoint, behind the public {@code RunningApp}. */
public final class LaunchedApp {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchedApp.class);
    /** What this call leaves of the grace, to return within it. */
    private static final Duration MARGIN = Duration.ofMillis(100);
    /** The longest a stop waits for the instance's last status report and announcement. */
    private static final Duration LAST_REPORT = Duration.ofSeconds(2);

    private final AppDescriptor app;
    private final AppState state;
    private final List<ConsumerLoop> loops;
    private final Duration shutdownTimeout;
    private final MonitoringServer monitoring;
    private final Map<String, OutputSchema> schemas;
    private final InstanceReporter reporter;

    LaunchedApp(AppDescriptor app, AppState state, List<ConsumerLoop> loops, Duration shutdownTimeout,
                MonitoringServer monitoring, Map<String, OutputSchema> schemas, InstanceReporter reporter) {
        this.app = app;
        this.state = state;
        this.loops = List.copyOf(loops);
        this.shutdownTimeout = shutdownTimeout;
        this.monitoring = monitoring;
        this.schemas = schemas;
        this.reporter = reporter;
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

    /**
     * Stops every consumer at once and waits for them, returning within the shutdown timeout plus
     * {@link RunningApp#CLOSE_GRACE}: each consumer keeps to that itself (see {@link StopBudget}); one
     * that has not stopped by then (a plug-in that does not keep to its close time) is left to
     * finish on its own, and said so. Idempotent.
     */
    public void close() {
        long started = System.nanoTime();
        loops.forEach(ConsumerLoop::stop);
        if (monitoring != null) {
            monitoring.close();
        }
        long deadline = started + shutdownTimeout.plus(RunningApp.CLOSE_GRACE).minus(MARGIN).toNanos();
        for (int i = 0; i < loops.size(); i++) {
            try {
                if (!loops.get(i).awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warn("app '{}': consumer {} has not stopped within {} (shutdown-timeout {} and {} to close); "
                                    + "leaving it", app.name(), i,
                            dev.ferry.engine.Durations.format(shutdownTimeout.plus(RunningApp.CLOSE_GRACE)),
                            dev.ferry.engine.Durations.format(shutdownTimeout),
                            dev.ferry.engine.Durations.format(RunningApp.CLOSE_GRACE));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (reporter != null) { // the last report and announcement, within what is left of the stop's bound (at most 2 s)
            long left = Math.max(0, deadline - System.nanoTime());
            reporter.close(Duration.ofNanos(Math.min(left, LAST_REPORT.toNanos())));
        }
    }
}
