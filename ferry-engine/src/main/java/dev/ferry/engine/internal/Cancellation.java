package dev.ferry.engine.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets the poll thread abandon a batch that a worker is running (on shutdown or when its partitions
 * are revoked): the worker checks it between stages and wakes from a backoff wait at once.
 */
final class Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);

    /** Asks the worker to stop at the next check. */
    public void cancel() {
        cancelled.countDown();
    }

    /** Whether the batch was abandoned. */
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Throws if the batch was abandoned. */
    public void check() throws AbandonedException {
        if (isCancelled()) {
            throw new AbandonedException();
        }
    }

    /** Waits for the given time, or less if cancelled; throws if cancelled. */
    public void pause(Duration wait) throws AbandonedException {
        try {
            if (cancelled.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AbandonedException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbandonedException();
        }
    }

    /**
     * Thrown in the worker when its batch was abandoned; nothing more of it is committed. The poll
     * thread abandons a batch on a stop or a revocation; a writer abandons it when a write fails
     * because this consumer may no longer own its partitions (not the events' fault, so it is not
     * retried as theirs).
     */
    static final class AbandonedException extends Exception {
        private static final long serialVersionUID = 1L;

        AbandonedException() {
            super("batch abandoned", null, false, false);
        }

        /** An abandonment decided by a writer: why, and the failure that told it. */
        AbandonedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
