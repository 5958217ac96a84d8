package dev.ferry.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Pacing for the harness: waits a given time (a planned pause, not a wait for a condition). */
final class Pause {

    private Pause() {
    }

    /** Waits {@code time}, or less if the thread is interrupted. */
    static void of(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        for (long left = time.toNanos(); left > 0 && !Thread.currentThread().isInterrupted(); left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
