package dev.ferry.engine.internal;

import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The pure part of handling some events: decode them with the input format, call the function
 * through its runtime, validate and encode what it emitted with each output's format. It writes
 * nothing, so the same code runs on a broker and in the test kit. One per consumer (it holds that
 * consumer's function).
 */
final class BatchProcessor {

    /** Hears how long each call of the function took. */
    @FunctionalInterface
    interface CallTimer {
        void called(int events, long nanos);
    }

    private final InputDecoder decoder;
    private final AppFunction function;
    private final OutputEncoder encoder;
    private final CallTimer timer;

    BatchProcessor(InputDecoder decoder, AppFunction function, OutputEncoder encoder, CallTimer timer) {
        this.decoder = decoder;
        this.function = function;
        this.encoder = encoder;
        this.timer = timer;
    }

    /**
     * Processes events and waits for the function's outputs, however it returns them; fails with a
     * {@link ProcessingException} and no side effects of its own.
     */
    List<OutputRecord> process(List<Event> events) throws ProcessingException {
        CompletableFuture<List<OutputRecord>> outputs = processAsync(events);
        try {
            return outputs.get();
        } catch (ExecutionException e) {
            throw asProcessingException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "interrupted while waiting for the "
                    + "function's future", e);
        }
    }

    /**
     * Processes events: decodes them and calls the function now, and completes with the records to
     * write when the function's outputs are there: at once for a plain function (the future is then
     * already complete), later for one that returns a future. Fails at once, or completes
     * exceptionally, with a {@link ProcessingException}.
     */
    CompletableFuture<List<OutputRecord>> processAsync(List<Event> events) throws ProcessingException {
        List<Object> values = decoder.decode(events);
        long start = System.nanoTime();
        CompletionStage<List<Emitted>> emitted;
        try {
            emitted = function.apply(events, values);
        } catch (ProcessingException e) {
            timer.called(events.size(), System.nanoTime() - start);
            throw e;
        } catch (RuntimeException e) {
            // A runtime that lets its own failure out is failing on these events all the same: narrowed down,
            // retried and named like any failure of the function, rather than halting on no event at all.
            timer.called(events.size(), System.nanoTime() - start);
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function runtime failed: " + e, e);
        }
        if (emitted == null) {
            timer.called(events.size(), System.nanoTime() - start);
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function runtime returned no stage "
                    + "of outputs (null)", null);
        }
        CompletableFuture<List<Emitted>> f = emitted.toCompletableFuture();
        if (f.isDone() && !f.isCompletedExceptionally()) {
            timer.called(events.size(), System.nanoTime() - start);
            return CompletableFuture.completedFuture(encoder.encode(events, f.join()));
        }
        return f.handle((out, error) -> {
            timer.called(events.size(), System.nanoTime() - start);
            if (error != null) {
                throw new CompletionException(asProcessingException(error));
            }
            try {
                return encoder.encode(events, out);
            } catch (ProcessingException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** What a failed future of the function means for the batch. */
    static ProcessingException asProcessingException(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof ProcessingException p ? p
                : new ProcessingException(ProcessingException.Stage.FUNCTION, "processing failed: " + e, e);
    }

    /** Releases the function. */
    void close() {
        function.close();
    }
}
