package dev.ferry.engine.internal;

import java.time.Duration;

/**
 * How often and how patiently a failing event is retried before the app halts on it: exponential
 * backoff from {@code initial}, doubling, capped at {@code max}, for at most {@code maxAttempts}
 * tries in all.
 *
 * @param initial     the wait before the second try
 * @param max         the longest wait
 * @param maxAttempts tries in all, at least 1
 */
record RetryPolicy(Duration initial, Duration max, int maxAttempts) {

    /** Checks the bounds. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** No retries: the first failure halts. Used by the test kit. */
    static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, Duration.ZERO, 1);

    /** The wait after the given failed attempt (1-based). */
    public Duration backoffAfter(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 30);
        try {
            long ms = Math.multiplyExact(initial.toMillis(), factor);
            return ms > max.toMillis() ? max : Duration.ofMillis(ms);
        } catch (ArithmeticException e) {
            return max;
        }
    }
}
