package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.RunningApp;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;

/**
 * Reports a running app's progress as it happens: when the first event is processed (and how long
 * after the JVM started), partitions gained or lost, and every change into or out of trouble.
 * Call {@link #check()} often; it prints only what changed.
 */
final class AppWatcher {

    private final RunningApp app;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    private AppStatus last;
    private long firstEventMs = -1;

    AppWatcher(RunningApp app, PrintWriter out, PrintWriter err) {
        this.app = app;
        this.out = out;
        this.err = err;
    }

    /** Reads the status, prints what changed since the last check, and returns the status. */
    AppStatus check() {
        AppStatus now = app.status();
        if (firstEventMs < 0 && now.consumed() > 0) {
            firstEventMs = System.currentTimeMillis() - jvmStartMs;
            out.println("first event processed " + firstEventMs + " ms after start");
        }
        if (last == null || now.partitions() != last.partitions()) {
            if (now.partitions() > 0 || last != null) {
                out.println("app '" + now.app() + "': " + now.partitions() + " input partition(s) assigned");
            }
        }
        if (last != null && now.state() != last.state()) {
            reportChange(last.state(), now);
        }
        out.flush();
        err.flush();
        last = now;
        return now;
    }

    /** Milliseconds from JVM start to the first processed event, or -1 if none yet. */
    long firstEventMs() {
        return firstEventMs;
    }

    private void reportChange(State before, AppStatus now) {
        String failure = now.failure().map(f -> " at " + f.position() + " after " + f.attempts() + " attempt(s): "
                + f.message()).orElse("");
        switch (now.state()) {
            case FAILING -> err.println("app '" + now.app() + "' FAILING" + failure + "; retrying with backoff");
            case HALTED -> err.println("app '" + now.app() + "' HALTED" + failure + ". Nothing from this event on is "
                    + "committed: fix the function or the event, then run again");
            case RUNNING -> {
                if (before == State.FAILING) {
                    out.println("app '" + now.app() + "' recovered and is running again");
                }
            }
            default -> {
            }
        }
    }
}
