package dev.ferry.engine.internal;

import java.util.Map;

/**
 * One validated, encoded event ready to be written to an output topic.
 *
 * @param topic   the output topic
 * @param index   its index among the batch's events for that topic, for error messages
 * @param key     the key bytes, or null
 * @param value   the value bytes (JSON)
 * @param headers headers in order, as UTF-8 strings
 */
public record OutRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers) {
}
