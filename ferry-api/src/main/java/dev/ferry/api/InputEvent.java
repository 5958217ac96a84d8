package dev.ferry.api;

import java.util.Map;
import java.util.Objects;

/**
 * An input event with where it came from. Take {@code List<InputEvent<T>>} instead of
 * {@code List<T>} when the function needs the key, the headers or the event's position.
 *
 * @param topic     the topic it was read from
 * @param partition the partition within that topic
 * @param offset    its offset within that partition
 * @param timestamp its Kafka timestamp, in milliseconds since the epoch
 * @param key       its key as a UTF-8 string, or {@code null}
 * @param headers   its headers as UTF-8 strings (the last value of a repeated header); never null
 * @param value     the decoded value, never null
 * @param <T>       the value's type: {@code String}, {@code Map<String, Object>}, or a record or bean
 */
public record InputEvent<T>(
        String topic, int partition, long offset, long timestamp, String key,
        Map<String, String> headers, T value) {

    /** Checks the parts that are never null and freezes the headers. */
    public InputEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }
}
