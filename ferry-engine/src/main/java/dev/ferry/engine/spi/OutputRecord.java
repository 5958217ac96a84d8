package dev.ferry.engine.spi;

import java.util.Map;

/**
 * One validated, encoded output, ready for a {@link Sink}.
 *
 * @param topic   the output topic (or the dead-letter topic)
 * @param index   its index among the batch's events for that topic, for error messages
 * @param key     the key bytes, or null
 * @param value   the value bytes, in the topic's format
 * @param headers headers in order, as UTF-8 strings
 */
public record OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers) {
}
