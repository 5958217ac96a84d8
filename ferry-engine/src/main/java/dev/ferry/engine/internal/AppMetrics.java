package dev.ferry.engine.internal;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one app, in a registry of its own tagged {@code app=<name>}, scraped as Prometheus
 * text. Counters are bound to the counts {@link AppState} keeps anyway (nothing is counted twice);
 * the two timers are recorded once per batch and once per function call; partition lags live in
 * {@link PartitionLags}.
 */
public final class AppMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer batch;
    private final Timer function;
    private final PartitionLags lags;

    /** The meters of the app {@code app}, with verdicts over {@code lagWindow} lag samples. */
    public AppMetrics(String app, int lagWindow) {
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
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The lag of each partition. */
    public PartitionLags lags() {
        return lags;
    }

    /** Records one batch's run. */
    void batchTook(long nanos) {
        batch.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one call of the function. */
    public void functionTook(long nanos) {
        function.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Releases the registry. */
    public void close() {
        registry.close();
    }
}
