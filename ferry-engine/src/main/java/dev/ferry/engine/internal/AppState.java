package dev.ferry.engine.internal;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters and per-consumer states of one app, written by its consumer and worker
 * threads and read by anyone through {@link #snapshot()}.
 */
public final class AppState {

    private record ConsumerState(AppStatus.State state, int partitions, AppStatus.Failure failure) {
    }

    private final String app;
    private final AtomicReferenceArray<ConsumerState> consumers;
    private final LongAdder consumed = new LongAdder();
    private final LongAdder emitted = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /** State for an app with the given number of consumers, all starting. */
    public AppState(String app, int consumerCount) {
        this.app = app;
        this.consumers = new AtomicReferenceArray<>(consumerCount);
        for (int i = 0; i < consumerCount; i++) {
            consumers.set(i, new ConsumerState(AppStatus.State.STARTING, 0, null));
        }
    }

    /** Counts completed input events and their acknowledged outputs. */
    public void completed(int events, int outputs) {
        consumed.add(events);
        emitted.add(outputs);
    }

    /** Counts an input event sent to the dead-letter topic. */
    public void deadLettered() {
        deadLettered.increment();
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
        consumers.updateAndGet(i, s -> new ConsumerState(AppStatus.State.FAILING, s.partitions,
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

    /** The app's status now: the worst consumer state, and its failure if any. */
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
        return new AppStatus(app, worst.state, consumers.length(), partitions, consumed.sum(), emitted.sum(),
                deadLettered.sum(), Optional.ofNullable(worst.failure));
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
