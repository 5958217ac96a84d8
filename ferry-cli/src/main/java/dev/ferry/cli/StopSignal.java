package dev.ferry.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for a command that runs until stopped. The JVM's shutdown hook only asks the
 * command to stop, then waits (within a bound) while the command's own thread closes the app and
 * the broker in order; the command calls {@link #close()} when it has finished.
 */
final class StopSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Installs the shutdown hook; closing waits at most {@code bound} once a signal came. */
    StopSignal(Duration bound) {
        this.hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a stop was requested. */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code time} for a stop request; true if one came. */
    boolean await(Duration time) {
        try {
            return requested.await(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Blocks until a stop is requested. */
    void awaitForever() {
        try {
            requested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command has finished closing: releases the hook, or removes it if no signal came. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook is running and has just been released.
        }
    }
}
