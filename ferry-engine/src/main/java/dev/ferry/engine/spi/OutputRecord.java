package dev.ferry.engine.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * @param lineage the headers the engine adds to the output, names and bytes, written after
 *                {@code headers} and in place of any of them with the same name: the
 *                {@link dev.ferry.engine.Lineage} headers continuing its input event's chain, or none
 *                (the profile's {@code lineage: false}, or a dead letter, which keeps its event's own)
 * @param object  for an output whose format hands its events to the sink in this process
 *                ({@link OutputCodec#inProcess()}), the object the function emitted, and then
 *                {@code value} is empty and {@code lineage} none; otherwise null
 */
public record OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers,
                           int input, List<Event.Header> lineage, Object object) {

    private static final byte[] NONE = new byte[0];

    /** Checks the engine's headers are there (empty for none). */
    public OutputRecord {
        Objects.requireNonNull(lineage, "lineage");
    }

    /** An encoded output, with the engine's headers. */
    public OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers, int input,
                        List<Event.Header> lineage) {
        this(topic, index, key, value, headers, input, lineage, null);
    }

    /**
     * An output handed to the sink as the object the function emitted, not encoded: see
     * {@link OutputCodec#inProcess()}.
     */
    public static OutputRecord inProcess(String topic, int index, byte[] key, Object object, Map<String, String> headers,
                                         int input) {
        return new OutputRecord(topic, index, key, NONE, headers, input, List.of(), Objects.requireNonNull(object));
    }

    /** An output with no headers of the engine's. */
    public OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers, int input) {
        this(topic, index, key, value, headers, input, List.of());
    }

    /** An output whose input event is not known, with no headers of the engine's. */
    public OutputRecord(String topic, int index, byte[] key, byte[] value, Map<String, String> headers) {
        this(topic, index, key, value, headers, Emitted.UNKNOWN, List.of());
    }

    /** Whether {@code name} is one of the headers the engine adds, which replace the function's. */
    public boolean addsHeader(String name) {
        for (Event.Header h : lineage) {
            if (h.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
