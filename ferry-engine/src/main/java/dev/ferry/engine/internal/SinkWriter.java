package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.NotOwnerException;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The engine's side of a {@link Sink}: a write the caller waits for (to narrow a failure down where
 * it happened), or one reported later (so the next batch overlaps this one's round trip), with the
 * sink's failures told apart: the events' own ({@link ProcessingException}) or a lost ownership,
 * which gives the events up ({@link Cancellation.AbandonedException}).
 */
final class SinkWriter {

    private final Sink sink;

    SinkWriter(Sink sink) {
        this.sink = sink;
    }

    Sink sink() {
        return sink;
    }

    /** Writes and waits until every output is durable. */
    void write(List<OutputRecord> outputs, List<Event> consumed)
            throws ProcessingException, Cancellation.AbandonedException {
        CompletableFuture<Void> done = start(outputs, consumed);
        if (!done.isDone()) {
            sink.flush();
        }
        try {
            done.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.AbandonedException("interrupted while waiting for the write", e);
        }
    }

    /**
     * Starts a write and returns at once; {@code done} is called once, with null when every output
     * is durable or with the failure (a lost ownership as a {@code WRITE} failure).
     */
    void writeAsync(List<OutputRecord> outputs, List<Event> consumed, Consumer<ProcessingException> done) {
        start(outputs, consumed).whenComplete((v, error) -> {
            if (error == null) {
                done.accept(null);
                return;
            }
            Throwable cause = unwrap(error);
            done.accept(cause instanceof ProcessingException p ? p : new ProcessingException(
                    ProcessingException.Stage.WRITE, String.valueOf(cause.getMessage()), cause));
        });
    }

    private CompletableFuture<Void> start(List<OutputRecord> outputs, List<Event> consumed) {
        CompletionStage<Void> stage;
        try {
            stage = sink.write(new SinkBatch(outputs, consumed));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ProcessingException(ProcessingException.Stage.WRITE,
                    "the write failed: " + e, e));
        }
        return stage.toCompletableFuture();
    }

    private static ProcessingException failure(Throwable error) throws Cancellation.AbandonedException {
        Throwable cause = unwrap(error);
        if (cause instanceof NotOwnerException n) {
            throw new Cancellation.AbandonedException(n.getMessage(), n);
        }
        if (cause instanceof ProcessingException p) {
            return p;
        }
        return new ProcessingException(ProcessingException.Stage.WRITE, "the write failed: " + cause, cause);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Closes the sink within {@code timeout}. */
    void close(java.time.Duration timeout) {
        sink.close(timeout);
    }
}
