package dev.ferry.engine.internal;

import dev.ferry.engine.spi.LifecycleListener;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one app, in a registry of its own tagged {@code app=<name>}, scraped as Prometheus
 * text: a {@link LifecycleListener} of the app for its two timers (once per polled batch, once per
 * call of the function). Counters are bound to the counts {@link AppState} keeps anyway (nothing is
 * counted twice); partition lags live in {@link PartitionLags}.
 */
final class AppMetrics implements LifecycleListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer batch;
    private final Timer function;
    private final PartitionLags lags;

    /** The meters of the app {@code app}, with verdicts over {@code lagWindow} lag samples. */
    AppMetrics(String app, int lagWindow) {
        registry.config().commonTags("app", app);
        batch = Timer.builder("ferry.batch.duration")
                .description("time from polling a batch to its last commit")
                .publishPercentileHistogram().register(registry);
        function = Timer.builder("ferry.function.duration")
                .description("time spent in the app's function, per call")
                .publishPercentileHistogram().register(registry);
        lags = new PartitionLags(registry, lagWindow);
    }

    /** The registry, to bind more meters or to scrape. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }

    /** The lag of each partition. */
    PartitionLags lags() {
        return lags;
    }

    @Override
    public void batchCompleted(int consumer, int events, Duration took) {
        batch.record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void functionCalled(int consumer, int events, long nanos) {
        function.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Releases the registry. */
    void close() {
        registry.close();
    }
}
