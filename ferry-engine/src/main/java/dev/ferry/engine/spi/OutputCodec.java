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
}
