package dev.ferry.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One input event for {@link FerryTestKit#run(TestEvent...)}: its value (JSON text, or an object the
 * kit writes in the app's input format), and optionally a key and headers, so that a test can drive
 * key-ordered sub-batches and read {@code InputEvent} keys and headers. Immutable.
 *
 * <pre>{@code
 * kit.run(TestEvent.of("{\"client\": 7}").withKey("client-7").withHeader("source", "web"));
 * }</pre>
 *
 * @param value   the value: a JSON string, or an object (a record, a map) encoded with the app's input format
 * @param key     the key, or null
 * @param headers the headers, in order
 */
public record TestEvent(Object value, String key, Map<String, String> headers) {

    /** Checks the value and freezes the headers. */
    public TestEvent {
        Objects.requireNonNull(value, "value of a test event (use a JSON string or an object)");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** An event with no key and no headers. */
    public static TestEvent of(Object value) {
        return new TestEvent(value, null, Map.of());
    }

    /** The same event with a key. */
    public TestEvent withKey(String key) {
        return new TestEvent(value, key, headers);
    }

    /** The same event with one more header. */
    public TestEvent withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new TestEvent(this.value, key, h);
    }
}
