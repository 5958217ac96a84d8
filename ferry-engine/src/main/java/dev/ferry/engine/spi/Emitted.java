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
 */
public record Emitted(String topic, String key, Object value, Map<String, String> headers) {

    /** Checks the topic and headers. */
    public Emitted {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(headers, "headers");
    }

    /** A value with no key and no headers. */
    public static Emitted of(String topic, Object value) {
        return new Emitted(topic, null, value, Map.of());
    }
}
