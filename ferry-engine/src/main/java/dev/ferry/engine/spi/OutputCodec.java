package dev.ferry.engine.spi;

/**
 * Validates and encodes the events of one output topic against its schema. Thread-safe: one codec
 * serves every consumer and sub-batch of an app.
 */
public interface OutputCodec {

    /** The schema every event is checked against, as the app describes itself to the platform. */
    OutputSchema schema();

    /**
     * Checks one event against the schema and encodes it; nothing is written unless every event of
     * the batch encoded.
     *
     * @param value what the function emitted (never null): a record or bean, a {@code Map}, a
     *              {@code String} of the format's text form, or the format's own value types
     * @throws FormatException listing each violation as {@code $.path: reason}, joined by {@code "; "}
     */
    byte[] encode(Object value) throws FormatException;

    /**
     * Whether this output's events never leave the process, such as a materialization's rows on their
     * way to its store: then the engine neither encodes them nor gives them lineage headers, and hands
     * each to the sink as the object the function emitted ({@link OutputRecord#object()}), after
     * {@link #check} accepted it. Default false: events are encoded and written as bytes.
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * Checks one event of an {@linkplain #inProcess in-process} output, as {@link #encode} would,
     * without encoding it. The default accepts anything.
     *
     * @throws FormatException saying what is wrong with it
     */
    default void check(Object value) throws FormatException {
    }
}
