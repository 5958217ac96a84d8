package dev.ferry.testkit;

import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputRecord;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FerryTestKit} run would have written, per output topic, in input order: each event
 * exactly as the engine would write it, already validated against the topic's schema, and readable
 * back with the topic's format.
 */
public final class TestOutputs {

    /** Decodes an output's bytes with its topic's format. */
    @FunctionalInterface
    interface Decoder {
        Object decode(String topic, byte[] value, Type type) throws FormatException;
    }

    private static final Type MAP = new java.lang.reflect.ParameterizedType() {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {String.class, Object.class};
        }

        @Override
        public Type getRawType() {
            return Map.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }

        @Override
        public String getTypeName() {
            return "java.util.Map<java.lang.String, java.lang.Object>";
        }
    };

    private final List<OutputRecord> records;
    private final int batches;
    private final int calls;
    private final Decoder decoder;

    TestOutputs(List<OutputRecord> records, int batches, int calls, Decoder decoder) {
        this.records = records;
        this.batches = batches;
        this.calls = calls;
        this.decoder = decoder;
    }

    /**
     * Each event written to a topic as text: the exact JSON the engine wrote, for a JSON topic; the
     * format's text form otherwise (for Avro, the event as JSON). Empty if none.
     */
    public List<String> events(String topic) {
        return records(topic).stream().map(r -> (String) decode(r, String.class)).toList();
    }

    /** The events written to a topic, each decoded as a map. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> maps(String topic) {
        return records(topic).stream().map(r -> (Map<String, Object>) decode(r, MAP)).toList();
    }

    /** The events written to a topic, each decoded as the given type. */
    public <T> List<T> events(String topic, Class<T> type) {
        return records(topic).stream().map(r -> type.cast(decode(r, type))).toList();
    }

    /** The bytes of each event written to a topic, exactly as written. */
    public List<byte[]> values(String topic) {
        return records(topic).stream().map(OutputRecord::value).toList();
    }

    /** The keys of the events written to a topic, as UTF-8 strings (null where none). */
    public List<String> keys(String topic) {
        return records(topic).stream()
                .map(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    /** The headers of the events written to a topic. */
    public List<Map<String, String>> headers(String topic) {
        return records(topic).stream().map(OutputRecord::headers).toList();
    }

    /** How many events were written in all (dead letters included). */
    public int size() {
        return records.size();
    }

    /** How many polls of the app's batch size the events made. */
    public int batches() {
        return batches;
    }

    /**
     * How many times the function was called: once per sub-batch of a poll (one per poll with
     * concurrency 1), more when a failing batch was narrowed down.
     */
    public int calls() {
        return calls;
    }

    private List<OutputRecord> records(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private Object decode(OutputRecord r, Type type) {
        try {
            return decoder.decode(r.topic(), r.value(), type);
        } catch (FormatException e) {
            throw new IllegalStateException("output topic '" + r.topic() + "' event " + r.index() + " cannot be read "
                    + "back as " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return records.size() + " event(s) in " + batches + " batch(es): " + records.stream()
                .map(r -> r.topic() + " " + new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
