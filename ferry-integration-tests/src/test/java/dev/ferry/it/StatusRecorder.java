package dev.ferry.it;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Reads a running app's status about every millisecond on a thread of its own, as a watcher such
 * as the CLI does, and keeps each snapshot that differs from the one before in what a test looks at
 * ({@code key}): the transitions, in the order they were seen.
 */
final class StatusRecorder implements AutoCloseable {

    private final List<AppStatus> transitions = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long reads;

    /** Starts recording {@code app}'s status; snapshots with the same {@code key} as the last kept are dropped. */
    StatusRecorder(RunningApp app, Function<AppStatus, ?> key) {
        thread = new Thread(() -> {
            Object last = new Object();
            while (!stop) {
                try {
                    AppStatus s = app.status();
                    Object k = key.apply(s);
                    if (!Objects.equals(k, last)) {
                        transitions.add(s);
                        last = k;
                    }
                    reads++;
                    // The sampling pace (about once a millisecond), not a wait for anything: the tests
                    // wait on the app's status with deadlines.
                    LockSupport.parkNanos(1_000_000L);
                } catch (RuntimeException e) {
                    errors.add(e);
                    return;
                }
            }
        }, "status-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /** The snapshots kept so far, in order. */
    List<AppStatus> transitions() {
        if (!errors.isEmpty()) {
            throw new IllegalStateException("reading the status failed", errors.get(0));
        }
        return new ArrayList<>(transitions);
    }

    /** How many times the status was read. */
    long reads() {
        return reads;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5_000);
    }
}
