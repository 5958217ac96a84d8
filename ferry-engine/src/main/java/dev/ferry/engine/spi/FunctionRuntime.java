package dev.ferry.engine.spi;

/**
 * How an app's batches reach its author's code and the events it emits come back: the Java method
 * of a {@code @Ferry} annotation (built in, named {@code java}), a Python worker, a window on Kafka
 * Streams. Chosen by the app descriptor's function runtime.
 *
 * <p>Found with {@link java.util.ServiceLoader}. The engine makes one {@link AppFunction} per
 * consumer of the app, at start-up, so a mistake in the function's definition fails before
 * anything is consumed.
 */
public interface FunctionRuntime {

    /** The name descriptors use, such as {@code java}. */
    String name();

    /**
     * The function for one consumer of an app: it gets that consumer's batches (from one thread at
     * a time with concurrency 1, from several at once with more).
     *
     * @throws dev.ferry.engine.AppDefinitionException if the descriptor's function cannot be run,
     *                                                 with a sentence naming what to fix
     */
    AppFunction create(FunctionContext context);
}
