package dev.ferry.engine.internal;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
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
 * The live counters and per-consumer states of one app, written by its consumer and worker
 * threads and read by anyone through {@link #snapshot()}. Its counters are also the app's
 * {@link AppMetrics} counters: the meters read them, so the hot path counts once.
 */
public final class AppState {

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

    /** State for an app with the given number of consumers, all starting, with meters of its own. */
    public AppState(String app, int consumerCount) {
        this(app, consumerCount, new AppMetrics(app, AppStatus.LAG_WINDOW), List.of());
    }

    /**
     * State for an app with the given number of consumers, all starting, whose counters are bound
     * to {@code metrics}; {@code outputTopics} have an emitted counter from the start.
     */
    public AppState(String app, int consumerCount, AppMetrics metrics, List<String> outputTopics) {
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
    public AppMetrics metrics() {
        return metrics;
    }

    /** Counts completed input events and their acknowledged outputs. */
    public void completed(int events, int outputs) {
        consumed.add(events);
        emitted.add(outputs);
    }

    /** Counts completed input events and their acknowledged outputs, by output topic. */
    public void completed(int events, List<OutRecord> outputs) {
        completed(events, outputs.size());
        int i = 0;
        while (i < outputs.size()) { // one increment per run of outputs to the same topic, not per output
            String topic = outputs.get(i).topic();
            int from = i;
            while (i < outputs.size() && outputs.get(i).topic().equals(topic)) {
                i++;
            }
            emittedTo(topic).add(i - from);
        }
    }

    /** Counts an input event sent to the dead-letter topic. */
    public void deadLettered() {
        deadLettered.increment();
    }

    /** Counts a retry of a failing event. */
    public void retried() {
        retries.increment();
    }

    /** Counts a failed attempt at {@code stage}. */
    public void failed(ProcessingException.Stage stage) {
        failures.get(stage).increment();
    }

    /** Consumer {@code i} now has {@code partitions} partitions. */
    public void assigned(int i, int partitions) {
        consumers.updateAndGet(i, s -> new ConsumerState(
                s.state == AppStatus.State.STARTING ? AppStatus.State.RUNNING : s.state, partitions, s.failure));
    }

    /** Consumer {@code i} is running normally again. */
    public void running(int i) {
        consumers.updateAndGet(i, s -> s.state == AppStatus.State.FAILING
                ? new ConsumerState(AppStatus.State.RUNNING, s.partitions, null) : s);
    }

    /** Consumer {@code i} is retrying a failing event. */
    public void failing(int i, EventPosition position, int attempts, String message) {
        consumers.updateAndGet(i, s -> s.state == AppStatus.State.HALTED || s.state == AppStatus.State.STOPPED ? s
                : new ConsumerState(AppStatus.State.FAILING, s.partitions,
                new AppStatus.Failure(position, attempts, message)));
    }

    /** Consumer {@code i} halted on an event. */
    public void halted(int i, EventPosition position, int attempts, String message) {
        consumers.updateAndGet(i, s -> new ConsumerState(AppStatus.State.HALTED, s.partitions,
                new AppStatus.Failure(position, attempts, message)));
    }

    /** Consumer {@code i} is closed. */
    public void stopped(int i) {
        consumers.updateAndGet(i, s -> new ConsumerState(
                s.state == AppStatus.State.HALTED ? s.state : AppStatus.State.STOPPED, 0, s.failure));
    }

    /** The app's status now: the worst consumer state, its failure if any, and the lag verdict. */
    public AppStatus snapshot() {
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
