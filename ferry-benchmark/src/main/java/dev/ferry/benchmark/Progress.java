package dev.ferry.benchmark;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a contender's child JVM first saw an event: the start of its measured processing time.
 * Each contender calls {@link #firstEvent()} where its code first touches a batch; it is one
 * volatile read after the first call.
 */
final class Progress {

    private static final AtomicLong FIRST_EVENT_MS = new AtomicLong();

    private Progress() {
    }

    /** Notes the wall-clock time of the first call; later calls do nothing. */
    static void firstEvent() {
        if (FIRST_EVENT_MS.get() == 0) {
            FIRST_EVENT_MS.compareAndSet(0, System.currentTimeMillis());
        }
    }

    /** Milliseconds since the epoch of the first event, or 0 if none was seen yet. */
    static long firstEventMillis() {
        return FIRST_EVENT_MS.get();
    }
}
