package dev.ferry.hub;

import java.time.Instant;
import java.util.List;

/**
 * One event as the topic page shows it: safe to put in a page whatever its bytes were.
 *
 * @param partition the partition
 * @param offset    its offset
 * @param timestamp its record timestamp
 * @param key       its key as text, or {@code null} if it has none
 * @param headers   its headers, values as text
 * @param value     its value: pretty-printed if JSON, as is if UTF-8 text, else hex; {@code null} for a tombstone
 * @param kind      what the value was
 */
public record PeekedEvent(int partition, long offset, Instant timestamp, String key, List<Header> headers,
                          String value, ValueKind kind) {

    /** Copies the headers. */
    public PeekedEvent {
        headers = List.copyOf(headers);
    }

    /** What an event's value was. */
    public enum ValueKind { JSON, TEXT, BINARY, TOMBSTONE }

    /**
     * A header, its value as text (hex if it is not UTF-8).
     *
     * @param name  the header's name
     * @param value its value
     */
    public record Header(String name, String value) {
    }
}
