package dev.ferry.engine.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/**
 * The pure part of handling a batch: decode, call the function, validate and encode what it
 * returned. It writes nothing, so the same code runs in the engine and in the broker-less test kit.
 * One per consumer (it holds that consumer's function instance).
 */
public final class BatchProcessor {

    private final InputDecoder decoder;
    private final FunctionInvoker invoker;
    private final OutputEncoder encoder;
    private final LongConsumer functionNanos;

    /** A processor from its three stages. */
    public BatchProcessor(InputDecoder decoder, FunctionInvoker invoker, OutputEncoder encoder) {
        this(decoder, invoker, encoder, nanos -> { });
    }

    /** A processor from its three stages that reports how long each call of the function took. */
    public BatchProcessor(InputDecoder decoder, FunctionInvoker invoker, OutputEncoder encoder,
                          LongConsumer functionNanos) {
        this.decoder = decoder;
        this.invoker = invoker;
        this.encoder = encoder;
        this.functionNanos = functionNanos;
    }

    /** Processes a batch into the records to write, or fails without side effects of its own. */
    public List<OutRecord> process(List<InRecord> batch) throws ProcessingException {
        List<Object> events = decoder.decode(batch);
        long start = System.nanoTime();
        Object returned;
        try {
            returned = invoker.invoke(events);
        } finally {
            functionNanos.accept(System.nanoTime() - start);
        }
        return encoder.encode(returned);
    }

    /** Whether the function returns a future, so that {@link #processAsync} frees the calling thread. */
    public boolean isAsync() {
        return invoker.isAsync();
    }

    /**
     * Processes a batch of an async function: decodes it and calls the function now, and completes
     * with the records to write when the function's future does. Fails at once, or completes
     * exceptionally, with a {@link ProcessingException}.
     */
    public CompletableFuture<List<OutRecord>> processAsync(List<InRecord> batch) throws ProcessingException {
        List<Object> events = decoder.decode(batch);
        long start = System.nanoTime();
        CompletableFuture<Object> returned;
        try {
            returned = invoker.invokeAsync(events);
        } catch (ProcessingException e) {
            functionNanos.accept(System.nanoTime() - start);
            throw e;
        }
        return returned.thenApply(value -> {
            functionNanos.accept(System.nanoTime() - start);
            try {
                return encoder.encode(value);
            } catch (ProcessingException e) {
                throw new CompletionException(e);
            }
        });
    }
}
