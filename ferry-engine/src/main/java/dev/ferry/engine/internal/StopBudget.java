package dev.ferry.engine.internal;

import dev.ferry.engine.RunningApp;
import java.time.Duration;

/**
 * How long each blocking call of one consumer's stop may take, so that the stop ends within the
 * shutdown timeout plus {@link RunningApp#CLOSE_GRACE}, whatever the cluster does. From the moment
 * a stop is asked for, the work in flight gets the shutdown timeout to finish and be acknowledged
 * ({@link #workDeadlineNanos}); committing what is complete, leaving the group and closing the sink
 * then share what is left until {@link #RESERVE} before the grace ends ({@link #closing}), each call
 * given the time left when it starts. The reserve is for calls that run past their timeout (Kafka's
 * consumer close waits for its heartbeat thread without one), closing the function and ending the
 * thread. A call that gets none gives up at once: a commit is not made (its events are
 * processed again), outputs not acknowledged are dropped (their events are not committed), an open
 * transaction is left to the broker's {@code transaction.timeout.ms}.
 *
 * <p>Before a stop the same calls serve rebalances, which wait the whole shutdown timeout as
 * before. {@link #stop()} may come from any thread; the rest is read on the poll thread.
 */
final class StopBudget {

    /** What the closing calls leave of the grace. */
    static final Duration RESERVE = Duration.ofSeconds(1);

    private final long shutdownTimeoutNanos;
    private volatile long stoppedAt;
    private volatile boolean stopping;

    StopBudget(Duration shutdownTimeout) {
        this.shutdownTimeoutNanos = shutdownTimeout.toNanos();
    }

    /** The stop starts now, unless it already has. */
    synchronized void stop() {
        if (!stopping) {
            stoppedAt = System.nanoTime();
            stopping = true;
        }
    }

    /** Whether a stop has started. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Until when to wait for work in flight from now: the shutdown timeout, but during a stop no
     * later than the shutdown timeout after it started.
     */
    long workDeadlineNanos() {
        long full = System.nanoTime() + shutdownTimeoutNanos;
        return stopping ? Math.min(full, stoppedAt + shutdownTimeoutNanos) : full;
    }

    /**
     * How long a commit or a close starting now may block: the shutdown timeout, but during a stop
     * only what is left of the shutdown timeout and the grace (less the reserve) after it started.
     */
    Duration closing() {
        if (!stopping) {
            return Duration.ofNanos(shutdownTimeoutNanos);
        }
        long left = stoppedAt + shutdownTimeoutNanos + RunningApp.CLOSE_GRACE.minus(RESERVE).toNanos()
                - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }

    /** How long the stop has taken so far (zero before it started). */
    Duration elapsed() {
        return stopping ? Duration.ofNanos(System.nanoTime() - stoppedAt) : Duration.ZERO;
    }
}
