package dev.ferry.engine.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The writes of one consumer whose sink owns the offsets, run one after another in the order they were
 * handed in, on the consumer's worker threads, while the next batch is already being decoded and mapped:
 * the {@linkplain Pipeline pipeline}'s overlap for sinks whose every write is waited for (exactly-once into
 * a database, or a Kafka transaction per batch). One write at a time, in input order, is what such a sink
 * needs; the overlap is only with the function's work on the next batch.
 *
 * <p>Why: with each write waited for on the one worker, the sink's round trip and the store's work were
 * idle time for the function and the function's time idle time for the store; the PostgreSQL materializer
 * spent about as long mapping a batch as PostgreSQL spent writing it.
 *
 * <p>Threads: {@link #submit} from any thread; tasks run on the executor, never two at once. State is
 * guarded by the lane's monitor.
 */
final class WriteLane {

    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    WriteLane(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code task} after every task submitted before it; the stage completes when it has run. */
    CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable step = () -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        };
        synchronized (this) {
            queue.add(step);
            if (running) {
                return done;
            }
            running = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) { // the consumer's threads are shut down: nothing more is written
            synchronized (this) {
                queue.clear();
                running = false;
            }
            done.completeExceptionally(e);
        }
        return done;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
