package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the function emitted into validated, encoded output records with each topic's
 * format, or explains which event of which topic is wrong (the format says where in the event and
 * why). Nothing of a batch is written unless every event of it encoded.
 */
final class OutputEncoder {

    private final String app;
    private final Map<String, OutputCodec> codecs;
    private final String declared;

    /** An encoder for one app, with the codec of each of its output topics, in declaration order. */
    OutputEncoder(String app, Map<String, OutputCodec> codecs) {
        this.app = app;
        this.codecs = Map.copyOf(codecs);
        this.declared = String.join(", ", codecs.keySet());
    }

    List<OutputRecord> encode(List<Emitted> emitted) throws ProcessingException {
        if (emitted.isEmpty()) {
            return List.of();
        }
        List<OutputRecord> out = new ArrayList<>(emitted.size());
        Map<String, int[]> indexes = codecs.size() == 1 ? null : new HashMap<>();
        int single = 0;
        for (Emitted e : emitted) {
            OutputCodec codec = codecs.get(e.topic());
            if (codec == null) {
                throw reject("the function returned events for topic '" + e.topic()
                        + "', which is not a declared output; declared: " + declared);
            }
            int index = indexes == null ? single++ : indexes.computeIfAbsent(e.topic(), t -> new int[1])[0]++;
            out.add(encode(e, index, codec));
        }
        return out;
    }

    private OutputRecord encode(Emitted e, int index, OutputCodec codec) throws ProcessingException {
        if (e.value() == null) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": is null; emit an event or leave it out");
        }
        byte[] value;
        try {
            value = codec.encode(e.value());
        } catch (FormatException ex) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": " + ex.getMessage());
        } catch (RuntimeException ex) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": cannot be encoded: " + ex);
        }
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        return new OutputRecord(e.topic(), index, key, value, e.headers());
    }

    private ProcessingException reject(String message) {
        return new ProcessingException(ProcessingException.Stage.OUTPUT, "app '" + app + "': " + message, null);
    }
}
