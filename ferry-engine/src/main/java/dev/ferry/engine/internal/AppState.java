package dev.ferry.engine.internal;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.util.Collection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters and per-consumer states of one app: a {@link LifecycleListener} of the app,
 * told by its consumer and worker threads, read by anyone through {@link #snapshot()}. Its counters
 * are also the app's {@link AppMetrics} counters: the meters read them, so the hot path counts once.
 */
final class AppState implements LifecycleListener {

    private record ConsumerState(AppStatus.State state, int partitions, AppStatus.Failure failure) {
    }

    private final String app;
    private final AppMetrics metrics;
    private final AtomicReferenceArray<ConsumerState> consumers;
    private final LongAdder consumed = new LongAdder();
    private final LongAdder emitted = new LongAdder();
    private final Map<String, LongAdder> emittedByTopic = new ConcurrentHashMap<>();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<ProcessingException.Stage, LongAdder> failures = new EnumMap<>(ProcessingException.Stage.class);

    /**
     * State for an app with the given number of consumers, all starting, whose counters are bound
     * to {@code metrics}; {@code outputTopics} have an emitted counter from the start.
     */
    AppState(String app, int consumerCount, AppMetrics metrics, List<String> outputTopics) {
        this.app = app;
        this.metrics = metrics;
        this.consumers = new AtomicReferenceArray<>(consumerCount);
        for (int i = 0; i < consumerCount; i++) {
            consumers.set(i, new ConsumerState(AppStatus.State.STARTING, 0, null));
        }
        bind(outputTopics);
    }

    private void bind(List<String> outputTopics) {
        var registry = metrics.registry();
        FunctionCounter.builder("ferry.events.consumed", consumed, LongAdder::doubleValue)
                .description("input events completed (outputs acknowledged)").register(registry);
        FunctionCounter.builder("ferry.events.dead.lettered", deadLettered, LongAdder::doubleValue)
                .description("input events sent to the dead-letter topic").register(registry);
        FunctionCounter.builder("ferry.retries", retries, LongAdder::doubleValue)
                .description("retries of a failing event").register(registry);
        for (ProcessingException.Stage stage : ProcessingException.Stage.values()) {
            LongAdder count = new LongAdder();
            failures.put(stage, count);
            FunctionCounter.builder("ferry.failures", count, LongAdder::doubleValue)
                    .description("failed attempts to process events, by stage")
                    .tag("stage", stage.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("ferry.halted", this, s -> s.snapshot().state() == AppStatus.State.HALTED ? 1 : 0)
                .description("1 when the app is halted on a failing event").register(registry);
        outputTopics.forEach(this::emittedTo);
    }

    private LongAdder emittedTo(String topic) {
        LongAdder count = emittedByTopic.get(topic);
        return count != null ? count : emittedByTopic.computeIfAbsent(topic, t -> {
            LongAdder c = new LongAdder();
            FunctionCounter.builder("ferry.events.emitted", c, LongAdder::doubleValue)
                    .description("output events acknowledged, by topic").tag("topic", t).register(metrics.registry());
            return c;
        });
    }

    /** The app's meters. */
    AppMetrics metrics() {
        return metrics;
    }

    @Override
    public void completed(int consumer, List<Event> events, List<OutputRecord> outputs) {
        consumed.add(events.size());
        emitted.add(outputs.size());
        int i = 0;
        while (i < outputs.size()) { // one increment per run of outputs to the same topic, not per output
            String topic = outputs.get(i).topic();
            int from = i;
            while (i < outputs.size() && outputs.get(i).topic().equals(topic)) {
                i++;
            }
            emittedTo(topic).add(i - from);
        }
        running(consumer);
    }

    @Override
    public void deadLettered(int consumer, EventPosition position, int attempts, String reason) {
        deadLettered.increment();
    }

    @Override
    public void failed(int consumer, ProcessingException.Stage stage, String reason) {
        failures.get(stage).increment();
    }

    @Override
    public void assigned(int consumer, Collection<Partition> partitions, int owned) {
        consumers.updateAndGet(consumer, s -> new ConsumerState(
                s.state == AppStatus.State.STARTING ? AppStatus.State.RUNNING : s.state, owned, s.failure));
    }

    @Override
    public void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
        metrics.lags().release(partitions, consumer);
    }

    /** Consumer {@code i} is running normally again. */
    private void running(int i) {
        if (consumers.get(i).state == AppStatus.State.FAILING) {
            consumers.updateAndGet(i, s -> s.state == AppStatus.State.FAILING
                    ? new ConsumerState(AppStatus.State.RUNNING, s.partitions, null) : s);
        }
    }

    @Override
    public void retrying(int consumer, EventPosition position, int attempt, Duration backoff, String reason) {
        retries.increment();
        consumers.updateAndGet(consumer, s -> s.state == AppStatus.State.HALTED || s.state == AppStatus.State.STOPPED
                ? s : new ConsumerState(AppStatus.State.FAILING, s.partitions,
                new AppStatus.Failure(position, attempt, reason)));
    }

    @Override
    public void halted(int consumer, EventPosition position, int attempts, String reason) {
        consumers.updateAndGet(consumer, s -> new ConsumerState(AppStatus.State.HALTED, s.partitions,
                new AppStatus.Failure(position, attempts, reason)));
    }

    @Override
    public void lagSampled(int consumer, List<PartitionLag> lags) {
        for (PartitionLag l : lags) {
            metrics.lags().record(l.partition().topic(), l.partition().partition(), consumer,
                    new LagRules.Sample(l.atMillis(), l.nextOffset(), l.lag()), l.lagSeconds());
        }
    }

    @Override
    public void stopped(int consumer) {
        consumers.updateAndGet(consumer, s -> new ConsumerState(
                s.state == AppStatus.State.HALTED ? s.state : AppStatus.State.STOPPED, 0, s.failure));
    }

    /** The app's status now: the worst consumer state, its failure if any, and the lag verdict. */
    AppStatus snapshot() {
        ConsumerState worst = null;
        int partitions = 0;
        for (int i = 0; i < consumers.length(); i++) {
            ConsumerState s = consumers.get(i);
            partitions += s.partitions;
            if (worst == null || severity(s.state) > severity(worst.state)) {
                worst = s;
            }
        }
        PartitionLags.View lag = metrics.lags().worst();
        Optional<AppStatus.Failure> failure = Optional.ofNullable(worst.failure);
        boolean halted = worst.state == AppStatus.State.HALTED;
        return new AppStatus(app, worst.state, consumers.length(), partitions, consumed.sum(), emitted.sum(),
                deadLettered.sum(), failure,
                halted ? AppStatus.Health.HALTED : lag.health(),
                halted ? "halted " + failure.map(AppStatus.Failure::describe).orElse("") : lag.reason(),
                lag.lag());
    }

    private static int severity(AppStatus.State s) {
        return switch (s) {
            case STOPPED -> 0;
            case RUNNING -> 1;
            case STARTING -> 2;
            case FAILING -> 3;
            case HALTED -> 4;
        };
    }

}
