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
 * @param input   the index in {@link SinkBatch#consumed()} of the input event it was made from, or
 *                {@link Emitted#UNKNOWN} (-1) if not known: the function linked it to its input
 *                ({@link Emitted#input()}, {@code OutputEvent.from} in Java), or returned exactly one
 *                event per input for its topic, the k-th taken to come from the k-th. A dead letter's
 *                is its failed event's. For lineage: which input an output came from
 */
public record OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers,
                           int input) {

    /** An output whose input event is not known. */
    public OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers) {
        this(topic, index, key, value, headers, Emitted.UNKNOWN);
    }
}
