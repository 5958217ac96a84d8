package dev.ferry.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event to emit together with its key, headers and the input event it was made from. Return it
 * in place of the bare value when readers need a key (for ordering and partitioning) or headers (for
 * tracing and routing), or to say which input it came from. Immutable: each {@code with} method
 * and {@link #from} return a new event.
 *
 * <pre>{@code
 * OutputEvent.of(prediction).withKey(String.valueOf(client)).withHeader("model", "v3")
 * OutputEvent.of(Envelope.of(prediction)).from(signUp)   // signUp: one of the function's InputEvents
 * }</pre>
 *
 * @param <T> the value's type: a record or bean, a {@code Map}, or a JSON {@code String}
 */
public final class OutputEvent<T> {

    private final T value;
    private final String key;
    private final Map<String, String> headers;
    private final InputEvent<?> source;

    private OutputEvent(T value, String key, Map<String, String> headers, InputEvent<?> source) {
        this.value = Objects.requireNonNull(value, "value of an output event");
        this.key = key;
        this.headers = headers;
        this.source = source;
    }

    /** An event with no key and no headers. */
    public static <T> OutputEvent<T> of(T value) {
        return new OutputEvent<>(value, null, Map.of(), null);
    }

    /** The same event with the given key ({@code null} for none). */
    public OutputEvent<T> withKey(String key) {
        return new OutputEvent<>(value, key, headers, source);
    }

    /** The same event with one more header; a header of the same name is replaced. */
    public OutputEvent<T> withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "value of header " + name);
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutputEvent<>(this.value, key, Collections.unmodifiableMap(copy), source);
    }

    /**
     * The same event, made from {@code input}, one of the {@link InputEvent}s the function was given.
     * The engine then knows where it came from whatever the function returns (fewer events than it was
     * given, several per input, in any order): an {@link Envelope}'s id is derived from that input
     * event, so it is the same each time the input is processed. Without it, the engine takes the
     * k-th event for a topic to come from the k-th input only when the function returned exactly one
     * per input for that topic.
     *
     * @throws NullPointerException if {@code input} is null
     */
    public OutputEvent<T> from(InputEvent<?> input) {
        return new OutputEvent<>(value, key, headers, Objects.requireNonNull(input, "input event"));
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

    /** The input event it was made {@linkplain #from from}, or {@code null} if not said. */
    public InputEvent<?> source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputEvent<?> other
                && value.equals(other.value)
                && Objects.equals(key, other.key)
                && headers.equals(other.headers)
                && Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, key, headers, source);
    }

    @Override
    public String toString() {
        return "OutputEvent{key=" + key + ", headers=" + headers + ", value=" + value
                + (source == null ? "" : ", from=" + source.topic() + "/" + source.partition() + "/" + source.offset())
                + "}";
    }
}
