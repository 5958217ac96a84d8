package dev.ferry.engine.internal;

import dev.ferry.engine.LagRules;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live counters and per-consumer states of one app: a {@link LifecycleListener} of the app,
 * told by its consumer and worker threads, read by anyone through {@link #snapshot()}. Its counters
 * are also the app's {@link AppMetrics} counters: the meters read them, so the hot path counts once.
 *
 * <p>A consumer is {@code FAILING} from the first retry of an event until that event is settled:
 * it completes (it succeeded on a later attempt, or was dead-lettered), its partition is given up,
 * or the consumer halts. Completions of other events (an earlier poll's acknowledgements, other
 * keys) do not end it, so that the status, and the line logged when the consumer runs again, tell
 * the story in the order it happened. With {@code concurrency} above 1 several events may be failing
 * at once; the status names the first, and the consumer runs again when the last is settled.
 */
final class AppState implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(AppState.class);

    /**
     * One consumer's state; immutable, replaced by compare-and-set.
     *
     * @param failing the events being retried now, in the order they first failed
     */
    private record ConsumerState(AppStatus.State state, int partitions, AppStatus.Failure failure,
                                 Map<EventPosition, AppStatus.Failure> failing) {

        ConsumerState(AppStatus.State state, int partitions, AppStatus.Failure failure) {
            this(state, partitions, failure, Map.of());
        }

        /** This state with {@code failing} as the events being retried: FAILING on the first, else running. */
        ConsumerState failing(Map<EventPosition, AppStatus.Failure> now) {
            if (now.isEmpty()) {
                return new ConsumerState(state == AppStatus.State.FAILING ? AppStatus.State.RUNNING : state, partitions,
                        state == AppStatus.State.FAILING ? null : failure, Map.of());
            }
            return new ConsumerState(AppStatus.State.FAILING, partitions, now.values().iterator().next(), now);
        }

        /** This state without the failing events {@code settled} picks out. */
        ConsumerState without(java.util.function.Predicate<EventPosition> settled) {
            Map<EventPosition, AppStatus.Failure> left = new LinkedHashMap<>(failing);
            left.keySet().removeIf(settled);
            return left.size() == failing.size() ? this : failing(left);
        }
    }

    /** A sink's store outage: since when, and why. */
    private record StoreOutage(Instant since, String reason) {
    }

    private final String app;
    private final AppMetrics metrics;
    private final AtomicReferenceArray<ConsumerState> consumers;
    private final LongAdder[] completedBy;
    private final AtomicReferenceArray<Instant> unreachableSince;
    private final AtomicReferenceArray<StoreOutage> storeOutages;
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
        this.completedBy = new LongAdder[consumerCount];
        this.unreachableSince = new AtomicReferenceArray<>(consumerCount);
        this.storeOutages = new AtomicReferenceArray<>(consumerCount);
        for (int i = 0; i < consumerCount; i++) {
            consumers.set(i, new ConsumerState(AppStatus.State.STARTING, 0, null));
            completedBy[i] = new LongAdder();
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
        Gauge.builder("ferry.ready", this, s -> s.snapshot().ready() ? 1 : 0)
                .description("1 when the app is ready (/health/ready answers 200): partitions assigned, not halted, "
                        + "the cluster reachable, the store available").register(registry);
        Gauge.builder("ferry.sink.unavailable", this, s -> s.snapshot().store().isPresent() ? 1 : 0)
                .description("1 while the sink of a consumer says it cannot write to its store").register(registry);
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
        completedBy[consumer].add(events.size());
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
        if (!consumers.get(consumer).failing.isEmpty()) {
            settled(consumer, events);
        }
    }

    /** Events being retried are among {@code events}, which completed: they are settled. */
    private void settled(int consumer, List<Event> events) {
        Map<EventPosition, AppStatus.Failure> failing = consumers.get(consumer).failing;
        for (Event e : events) {
            EventPosition position = e.position();
            AppStatus.Failure f = failing.get(position);
            if (f != null) {
                settle(consumer, position, "completed after " + f.attempts() + " failed attempt(s)");
            }
        }
    }

    @Override
    public void deadLettered(int consumer, EventPosition position, int attempts, String reason) {
        deadLettered.increment();
        settle(consumer, position, "was sent to the dead-letter topic after " + attempts + " attempt(s)");
    }

    /** The event at {@code position} is no longer failing, for the reason {@code how} says. */
    private void settle(int consumer, EventPosition position, String how) {
        ConsumerState[] change = update(consumer, s -> s.without(position::equals));
        if (change[0].state == AppStatus.State.FAILING && change[1].state == AppStatus.State.RUNNING) {
            LOG.info("app '{}' is running again: the event at {} {}", app, position, how);
        }
    }

    /** Applies {@code change} to consumer {@code i}'s state atomically; returns the state before and after. */
    private ConsumerState[] update(int i, UnaryOperator<ConsumerState> change) {
        while (true) {
            ConsumerState before = consumers.get(i);
            ConsumerState after = change.apply(before);
            if (after == before || consumers.compareAndSet(i, before, after)) {
                return new ConsumerState[] {before, after};
            }
        }
    }

    @Override
    public void failed(int consumer, ProcessingException.Stage stage, String reason) {
        failures.get(stage).increment();
    }

    @Override
    public void assigned(int consumer, Collection<Partition> partitions, int owned) {
        update(consumer, s -> new ConsumerState(s.state == AppStatus.State.STARTING ? AppStatus.State.RUNNING : s.state,
                owned, s.failure, s.failing));
    }

    @Override
    public void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
        metrics.lags().release(partitions, consumer);
        // Events being retried in partitions given up are their next owner's now.
        update(consumer, s -> new ConsumerState(s.state, owned, s.failure, s.failing)
                .without(p -> partitions.contains(new Partition(p.topic(), p.partition()))));
    }

    @Override
    public void retrying(int consumer, EventPosition position, int attempt, Duration backoff, String reason) {
        retries.increment();
        update(consumer, s -> {
            if (s.state == AppStatus.State.HALTED || s.state == AppStatus.State.STOPPED) {
                return s;
            }
            Map<EventPosition, AppStatus.Failure> failing = new LinkedHashMap<>(s.failing);
            failing.put(position, new AppStatus.Failure(position, attempt, reason));
            return s.failing(failing);
        });
    }

    @Override
    public void halted(int consumer, EventPosition position, int attempts, String reason) {
        update(consumer, s -> new ConsumerState(AppStatus.State.HALTED, s.partitions,
                new AppStatus.Failure(position, attempts, reason)));
    }

    @Override
    public void skipped(int consumer, EventPosition position, String by, String reason) {
        update(consumer, s -> s.state == AppStatus.State.HALTED
                ? new ConsumerState(AppStatus.State.RUNNING, s.partitions, null) : s);
    }

    @Override
    public void lagSampled(int consumer, List<PartitionLag> lags) {
        long progress = completedBy[consumer].sum(); // what the verdict tells a waiting partition from a stuck one by
        for (PartitionLag l : lags) {
            metrics.lags().record(l.partition().topic(), l.partition().partition(), consumer,
                    new LagRules.Sample(l.atMillis(), l.nextOffset(), l.lag(), progress), l.lagSeconds());
        }
    }

    @Override
    public void clusterUnreachable(int consumer, Instant since) {
        unreachableSince.set(consumer, since);
    }

    @Override
    public void clusterReachable(int consumer, Duration unreachableFor) {
        unreachableSince.set(consumer, null);
    }

    @Override
    public void storeUnavailable(int consumer, Instant since, String reason) {
        storeOutages.set(consumer, new StoreOutage(since, reason));
    }

    @Override
    public void storeAvailable(int consumer, Duration unavailableFor) {
        storeOutages.set(consumer, null);
    }

    @Override
    public void stopped(int consumer) {
        unreachableSince.set(consumer, null);
        storeOutages.set(consumer, null);
        update(consumer, s -> new ConsumerState(
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
        Instant since = null;
        for (int i = 0; i < unreachableSince.length(); i++) {
            Instant s = unreachableSince.get(i);
            if (s != null && (since == null || s.isBefore(since))) {
                since = s;
            }
        }
        Instant now = Instant.now();
        Optional<AppStatus.Unreachable> unreachable = since == null ? Optional.empty()
                : Optional.of(new AppStatus.Unreachable(since, Duration.between(since, now)));
        StoreOutage outage = null;
        for (int i = 0; i < storeOutages.length(); i++) {
            StoreOutage o = storeOutages.get(i);
            if (o != null && (outage == null || o.since.isBefore(outage.since))) {
                outage = o;
            }
        }
        Optional<AppStatus.StoreUnavailable> store = outage == null ? Optional.empty()
                : Optional.of(new AppStatus.StoreUnavailable(outage.since, Duration.between(outage.since, now),
                outage.reason));
        Optional<AppStatus.Failure> failure = Optional.ofNullable(worst.failure);
        boolean halted = worst.state == AppStatus.State.HALTED;
        return new AppStatus(app, worst.state, consumers.length(), partitions, consumed.sum(), emitted.sum(),
                deadLettered.sum(), failure,
                halted ? AppStatus.Health.HALTED : lag.health(),
                halted ? "halted " + failure.map(AppStatus.Failure::describe).orElse("") : lag.reason(),
                lag.lag(), unreachable, store);
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
