package dev.ferry.engine.spi;

/**
 * A serialization format: how input bytes become the values a function takes, how the values it
 * emits become bytes, and the schema each output topic's events must match. Modelled on Kafka's
 * {@code Serde}: one reader per requested type, one writer per output topic, both made once at
 * start-up, so that a broken schema fails before anything is consumed and the hot path only decodes
 * and encodes.
 *
 * <p>Found with {@link java.util.ServiceLoader}; chosen by name: the profile's {@code format} for
 * every topic (default {@code json}), {@code @Output(format)} for one output topic and
 * {@code @Ferry(inputFormat)} for an app's inputs. The engine makes a new instance for each app
 * (a format needs a public no-argument constructor), so a format may keep what it learns of schemas
 * (the writer schemas it derived, say) for the app's readers, which must read what its writers and
 * {@link #encode} wrote.
 *
 * <p>Errors: a codec throws {@link FormatException} with a message naming the field path and the
 * reason ({@code $.payload.client: expected integer, got string "12"}); the engine adds the app, the
 * topic and the event's index or position.
 */
public interface Format {

    /** The name profiles and annotations use, such as {@code json}: lower-case letters, digits, '.', '_', '-'. */
    String name();

    /**
     * Takes this app's settings for the format, the profile's {@code plugins.<name>.*} keys without
     * the prefix. Called once, before any reader or writer is made. By default there are none to take.
     *
     * @throws dev.ferry.engine.ProfileException naming a setting that is wrong
     */
    default void configure(PluginContext context) {
    }

    /**
     * A reader of input values as {@code context.type()}: {@code String} (the event's text), a
     * {@code Map}, the format's own tree or record types, or an author's record type.
     *
     * @throws dev.ferry.engine.AppDefinitionException if the format cannot read values of that type,
     *                                                 saying which types it can
     */
    InputCodec reader(ReaderContext context);

    /**
     * A writer of one output topic's events, with the schema derived from the declared type or read
     * from the declared document.
     *
     * @throws dev.ferry.engine.AppDefinitionException if the schema cannot be derived or is invalid,
     *                                                 naming the topic and why
     */
    OutputCodec writer(WriterContext context);

    /**
     * Encodes one value with no declared schema, for the test kit and tools that produce input events
     * (a format that needs a schema derives it from the value's type).
     *
     * @throws FormatException if the value cannot be written in this format
     */
    byte[] encode(Object value) throws FormatException;
}
