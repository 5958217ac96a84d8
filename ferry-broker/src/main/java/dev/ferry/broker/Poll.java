package dev.ferry.broker;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by checking it repeatedly until a deadline, backing off a little between checks. */
final class Poll {

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(5).toNanos();
    private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Poll() {
    }

    /** Returns true as soon as {@code condition} holds, false if it still does not hold at {@code deadlineNanos}. */
    static boolean until(long deadlineNanos, BooleanSupplier condition) {
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker.");
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
