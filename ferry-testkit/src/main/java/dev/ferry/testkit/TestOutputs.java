package dev.ferry.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.engine.internal.Json;
import dev.ferry.engine.internal.OutRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FerryTestKit} run would have written, per output topic, in order: each event as
 * the exact JSON the engine would produce, already validated against the topic's schema.
 */
public final class TestOutputs {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final List<OutRecord> records;
    private final int batches;

    TestOutputs(List<OutRecord> records, int batches) {
        this.records = records;
        this.batches = batches;
    }

    /** The JSON text of each event written to a topic; empty if none. */
    public List<String> events(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** The events written to a topic, each decoded as a map. */
    public List<Map<String, Object>> maps(String topic) {
        return events(topic).stream().map(j -> read(j, MAP)).toList();
    }

    /** The events written to a topic, each decoded as the given type. */
    public <T> List<T> events(String topic, Class<T> type) {
        return events(topic).stream().map(j -> read(j, type)).toList();
    }

    /** The keys of the events written to a topic, as UTF-8 strings (null where none). */
    public List<String> keys(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic))
                .map(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)).toList();
    }

    /** The headers of the events written to a topic. */
    public List<Map<String, String>> headers(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).map(OutRecord::headers).toList();
    }

    /** How many events were written in all. */
    public int size() {
        return records.size();
    }

    /** How many times the function was called (batches of the app's batch size). */
    public int batches() {
        return batches;
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return records.size() + " event(s) in " + batches + " batch(es): " + records.stream()
                .map(r -> r.topic() + " " + new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
