package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reports a running app's progress as it happens: when the first event is processed (and how long
 * after the JVM started), partitions gained or lost, every change into or out of trouble, and the
 * cluster becoming unreachable and reachable again. Call {@link #check()} often; it prints only what
 * changed.
 */
final class AppWatcher {

    private final Supplier<AppStatus> status;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    private AppStatus last;
    private long firstEventMs = -1;

    /** Watches the status {@code status} gives, such as a running app's {@code status()}. */
    AppWatcher(Supplier<AppStatus> status, PrintWriter out, PrintWriter err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    /** Reads the status, prints what changed since the last check, and returns the status. */
    AppStatus check() {
        AppStatus now = status.get();
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
        reportReach(now);
        reportStore(now);
        out.flush();
        err.flush();
        last = now;
        return now;
    }

    /** Milliseconds from JVM start to the first processed event, or -1 if none yet. */
    long firstEventMs() {
        return firstEventMs;
    }

    private void reportReach(AppStatus now) {
        boolean was = last != null && last.unreachable().isPresent();
        if (now.unreachable().isPresent() && !was) {
            err.println("app '" + now.app() + "' cannot reach the Kafka cluster: " + now.unreachable().get().describe()
                    + "; it is not ready until the cluster answers again");
        } else if (was && now.unreachable().isEmpty()) {
            Duration down = Duration.between(last.unreachable().get().since(), Instant.now());
            out.println("app '" + now.app() + "' reaches the Kafka cluster again, after " + down.toSeconds() + "s without");
        }
    }

    private void reportStore(AppStatus now) {
        boolean was = last != null && last.store().isPresent();
        if (now.store().isPresent() && !was) {
            err.println("app '" + now.app() + "' cannot write to its store: " + now.store().get().describe()
                    + "; it retries, and is not ready until the store answers again");
        } else if (was && now.store().isEmpty()) {
            Duration down = Duration.between(last.store().get().since(), Instant.now());
            out.println("app '" + now.app() + "' writes to its store again, after " + down.toSeconds() + "s without");
        }
    }

    private void reportChange(State before, AppStatus now) {
        String failure = now.failure().map(f -> " at " + f.position() + " after " + f.attempts() + " attempt(s): "
                + f.message()).orElse("");
        switch (now.state()) {
            case FAILING -> err.println("app '" + now.app() + "' FAILING" + failure + "; retrying with backoff");
            case HALTED -> err.println("app '" + now.app() + "' HALTED" + failure + ". Nothing from this event on is "
                    + "committed: fix the function or the event, then run again"
                    + now.failure().filter(f -> f.position() != null).map(f -> "; or skip it: ferry skip " + now.app()
                    + " --topic " + f.position().topic() + " --partition " + f.position().partition() + " --offset "
                    + f.position().offset() + " --reason \"...\"").orElse(""));
            case RUNNING -> {
                if (before == State.HALTED) {
                    String event = last.failure().map(f -> "the event at " + f.position()).orElse("the failing event");
                    out.println("app '" + now.app() + "' is running again: " + event + " was skipped (ferry skip)");
                } else if (before == State.FAILING) {
                    String event = last.failure().map(f -> "the event at " + f.position()).orElse("the failing event");
                    out.println(now.deadLettered() > last.deadLettered()
                            ? "app '" + now.app() + "' is running again: " + event + " was sent to the dead-letter topic"
                            : "app '" + now.app() + "' recovered and is running again: " + event + " went through");
                }
            }
            default -> {
            }
        }
    }
}
