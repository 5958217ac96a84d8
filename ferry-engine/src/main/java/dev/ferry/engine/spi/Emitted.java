package dev.ferry.engine.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One event a function emits, before its format validates and encodes it.
 *
 * @param topic   the output topic; must be one the app declares
 * @param key     the key, or null for none (written as UTF-8)
 * @param value   the value: a record or bean, a {@code Map}, a {@code String} of the format's text
 *                form, or the format's own value types; null is an error the engine reports
 * @param headers headers, in order, written as UTF-8
 * @param input   the index, among the events the function was given, of the input event this one
 *                was made from, or {@link #UNKNOWN} if the runtime does not know. When no event for a
 *                topic says, and there are exactly as many as input events, the engine takes the
 *                k-th to come from the k-th input. The engine derives an envelope's id from it (see
 *                {@link OutputRecord#input()})
 */
public record Emitted(String topic, String key, Object value, Map<String, String> headers, int input) {

    /** The {@link #input()} of an event whose input event is not known. */
    public static final int UNKNOWN = -1;

    /** Checks the topic, the headers and the input index. */
    public Emitted {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(headers, "headers");
        if (input < UNKNOWN) {
            throw new IllegalArgumentException("input must be an index of the call's events, or -1 for unknown, got "
                    + input);
        }
    }

    /** An event whose input event is not known. */
    public Emitted(String topic, String key, Object value, Map<String, String> headers) {
        this(topic, key, value, headers, UNKNOWN);
    }

    /** A value with no key and no headers, whose input event is not known. */
    public static Emitted of(String topic, Object value) {
        return new Emitted(topic, null, value, Map.of(), UNKNOWN);
    }
}
