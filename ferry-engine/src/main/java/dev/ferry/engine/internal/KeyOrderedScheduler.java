package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs the function on sub-batches of each poll, up to {@code concurrency} at once, keeping per-key
 * order. Each key belongs to one of {@code 2 × concurrency} lanes (by its hash); a poll is split into
 * one unit per lane, holding that lane's events in poll order, and a lane's units run one after
 * another (the next starts once the previous has handed its outputs to the writer, in order), while
 * units of different lanes run at once. Events without a key are laned by their partition, so they
 * keep partition order.
 *
 * <p>With concurrency 1 every poll is one unit, and each waits for the one before: the function
 * runs on one batch at a time, while the writer's acknowledgements of the previous batches are still
 * on their way.
 *
 * <p>Like Confluent's Parallel Consumer with KEY ordering, but a unit is a sub-batch, not one event.
 * Two designs were measured on the slow-function benchmark (5 ms per event, 1,000 keys, concurrency
 * 100) before this one: keys packed per poll into {@code concurrency} balanced units made each unit
 * wait for every earlier unit sharing any of its keys, which chained the polls together; one unit
 * per key made many tiny calls. Fixed lanes wait only for their own lane, and twice as many lanes as
 * calls keep every worker busy although lanes differ in load.
 */
final class KeyOrderedScheduler {

    private static final Object SEQUENTIAL = new Object();

    /** Lanes per call that may run at once: enough that one busy lane does not hold the others' work back. */
    static final int LANES_PER_CALL = 2;

    private final int concurrency;
    private final int lanes;
    private final Executor executor;
    private final Function<WorkUnit, CompletionStage<?>> runner;
    private final Map<Object, WorkUnit> lastByKey = new HashMap<>();
    private final ArrayDeque<WorkUnit> ready = new ArrayDeque<>();
    private int running;
    private int unfinished;
    private boolean closed;

    /**
     * A scheduler that runs units on {@code executor} with {@code runner}, whose stage completes when
     * the unit's outputs are handed to the writer (or it has failed for good).
     */
    KeyOrderedScheduler(int concurrency, Executor executor, Function<WorkUnit, CompletionStage<?>> runner) {
        this.concurrency = concurrency;
        this.lanes = LANES_PER_CALL * concurrency;
        this.executor = executor;
        this.runner = runner;
    }

    /**
     * Splits a poll into units and queues them behind earlier units with the same keys; {@code waited}
     * marks them to be written and waited for (see {@link WorkUnit#waited()}).
     */
    void submit(PolledBatch batch, boolean waited) {
        List<WorkUnit> units = split(batch, waited);
        List<WorkUnit> starting;
        synchronized (this) {
            if (closed) {
                return;
            }
            for (WorkUnit u : units) {
                unfinished++;
                for (Object key : u.keys()) {
                    WorkUnit before = lastByKey.put(key, u);
                    if (before != null) {
                        before.addDependent(u);
                    }
                }
                if (u.isReady()) {
                    ready.add(u);
                }
            }
            starting = dispatch();
        }
        startAll(starting);
    }

    /** Stops starting units; those running finish. */
    synchronized void close() {
        closed = true;
        ready.clear();
    }

    /** How many units are running. */
    synchronized int running() {
        return running;
    }

    /** How many units are queued or running. */
    synchronized int unfinished() {
        return unfinished;
    }

    private List<WorkUnit> split(PolledBatch batch, boolean waited) {
        List<Event> events = batch.events();
        if (concurrency == 1) {
            return List.of(new WorkUnit(batch, events, Set.of(SEQUENTIAL), waited));
        }
        Map<Integer, List<Event>> byLane = new LinkedHashMap<>();
        for (Event r : events) {
            byLane.computeIfAbsent(laneOf(r), k -> new ArrayList<>()).add(r);
        }
        List<WorkUnit> units = new ArrayList<>(byLane.size());
        byLane.forEach((lane, list) -> units.add(new WorkUnit(batch, list, Set.of(lane), waited)));
        return units;
    }

    /** The lane of an event's key (of its partition, if it has none). */
    private int laneOf(Event r) {
        int h = r.key() != null ? Arrays.hashCode(r.key()) : new TopicPartition(r.topic(), r.partition()).hashCode();
        return Math.floorMod(h ^ (h >>> 16), lanes);
    }

    /** Takes the ready units that may start, while fewer than {@code concurrency} run; holds the lock. */
    private List<WorkUnit> dispatch() {
        if (closed || running >= concurrency || ready.isEmpty()) {
            return List.of();
        }
        List<WorkUnit> starting = new ArrayList<>(Math.min(ready.size(), concurrency - running));
        while (running < concurrency && !ready.isEmpty()) {
            starting.add(ready.poll());
            running++;
        }
        return starting;
    }

    /** Hands units to the executor; outside the lock, so that waking a thread never holds up the others. */
    private void startAll(List<WorkUnit> starting) {
        for (WorkUnit u : starting) {
            executor.execute(() -> start(u));
        }
    }

    private void start(WorkUnit u) {
        CompletionStage<?> stage;
        try {
            stage = runner.apply(u);
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> startAll(finished(u)));
    }

    /** Records that {@code u} has finished; returns the units that may start now. */
    private synchronized List<WorkUnit> finished(WorkUnit u) {
        running--;
        unfinished--;
        u.markFinished();
        for (Object key : u.keys()) {
            lastByKey.remove(key, u);
        }
        for (WorkUnit d : u.dependents()) {
            if (d.dependencyFinished() && !closed) {
                ready.add(d);
            }
        }
        return dispatch();
    }
}
