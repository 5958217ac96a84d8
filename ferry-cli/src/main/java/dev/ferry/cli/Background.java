package dev.ferry.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Work started on a daemon thread of its own (so it never keeps the JVM alive), and joined later. */
final class Background {

    private Background() {
    }

    static <T> CompletableFuture<T> supply(String threadName, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Waits for a resource still starting and closes it, after a failure elsewhere made it unneeded;
     * waiting (rather than abandoning it) leaves nothing half-written, such as a broker's data directory.
     */
    static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> starting) {
        try {
            AutoCloseable resource = starting.join();
            if (resource != null) {
                resource.close();
            }
        } catch (Exception e) {
            // It failed to start or to close; the failure being reported matters more.
        }
    }

    /** The result, or the work's own exception as thrown (a {@link CliException} stays one). */
    static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
