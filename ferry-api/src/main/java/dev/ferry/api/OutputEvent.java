package dev.ferry.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event to emit together with its key and headers. Return it in place of the bare value when
 * readers need a key (for ordering and partitioning) or headers (for tracing and routing).
 * Immutable: each {@code with} method returns a new event.
 *
 * <pre>{@code
 * OutputEvent.of(prediction).withKey(String.valueOf(client)).withHeader("model", "v3")
 * }</pre>
 *
 * @param <T> the value's type: a record or bean, a {@code Map}, or a JSON {@code String}
 */
public final class OutputEvent<T> {

    private final T value;
    private final String key;
    private final Map<String, String> headers;

    private OutputEvent(T value, String key, Map<String, String> headers) {
        this.value = Objects.requireNonNull(value, "value of an output event");
        this.key = key;
        this.headers = headers;
    }

    /** An event with no key and no headers. */
    public static <T> OutputEvent<T> of(T value) {
        return new OutputEvent<>(value, null, Map.of());
    }

    /** The same event with the given key ({@code null} for none). */
    public OutputEvent<T> withKey(String key) {
        return new OutputEvent<>(value, key, headers);
    }

    /** The same event with one more header; a header of the same name is replaced. */
    public OutputEvent<T> withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "value of header " + name);
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutputEvent<>(this.value, key, Collections.unmodifiableMap(copy));
    }

    /** The value to emit, never null. */
    public T value() {
        return value;
    }

    /** The key, or {@code null} for none. */
    public String key() {
        return key;
    }

    /** The headers in the order they were added; never null. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputEvent<?> other
                && value.equals(other.value)
                && Objects.equals(key, other.key)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, key, headers);
    }

    @Override
    public String toString() {
        return "OutputEvent{key=" + key + ", headers=" + headers + ", value=" + value + "}";
    }
}
