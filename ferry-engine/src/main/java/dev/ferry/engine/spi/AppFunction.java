package dev.ferry.engine.spi;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An app's function as the engine calls it: a batch of input events in, the events to emit out.
 * The engine decodes the inputs (with the app's input format, as {@link #inputType()}) before the
 * call, and validates and encodes every emitted event after it, so a runtime deals in values only.
 */
public interface AppFunction extends AutoCloseable {

    /**
     * The type each input value is decoded as before {@link #apply}: {@code String} for the event's
     * text, {@code byte[]} for its bytes as they are, a {@code Map}, a record type. Asked once.
     */
    Type inputType();

    /**
     * Whether the function takes tombstones (events with no value): they then reach {@link #apply}
     * with a null value instead of failing at decoding, as they do by default. For a function to which
     * a tombstone means something, such as a materializer deleting the row of its key. Asked once.
     */
    default boolean takesTombstones() {
        return false;
    }

    /**
     * Runs the function on one batch.
     *
     * @param events the input events, in poll order (for their keys, headers and positions)
     * @param values their decoded values, in the same order
     * @return the events to emit, in order; a stage that is already complete for a plain function,
     *         or that completes later for one that waits on I/O without holding the thread. A stage
     *         that fails, fails the batch as a {@link ProcessingException} would.
     * @throws ProcessingException if the function fails ({@link ProcessingException.Stage#FUNCTION}),
     *                             or one input cannot be handled ({@code DECODE} with its index)
     */
    CompletionStage<List<Emitted>> apply(List<Event> events, List<Object> values) throws ProcessingException;

    /** Releases what the function holds (a worker process, say). By default, nothing. */
    @Override
    default void close() {
    }
}
