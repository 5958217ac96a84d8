package dev.ferry.benchmark;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's pipeline as a data scientist writes it for Ferry: add {@code amount_cents} to each
 * event, keep its key. Ferry decodes the JSON, validates every output against the declared schema and
 * owns the rest. Four apps with the same body, because topics are fixed by the annotation: one for the
 * throughput run and one for the latency run, for {@code ferry} and for {@code ferry-proxy} (the same
 * app writing through the write-back proxy). The app name is the consumer group; by the benchmark's
 * convention ({@link BenchTopics#group}) it is the output topic.
 */
public final class FerryBenchApp {

    static final String THROUGHPUT_OUTPUT = BenchTopics.OUTPUT_PREFIX + "ferry";
    static final String LATENCY_INPUT = BenchTopics.LATENCY_INPUT_PREFIX + "ferry";
    static final String LATENCY_OUTPUT = BenchTopics.LATENCY_OUTPUT_PREFIX + "ferry";

    static final String PROXY_THROUGHPUT_OUTPUT = BenchTopics.OUTPUT_PREFIX + "ferry-proxy";
    static final String PROXY_LATENCY_INPUT = BenchTopics.LATENCY_INPUT_PREFIX + "ferry-proxy";
    static final String PROXY_LATENCY_OUTPUT = BenchTopics.LATENCY_OUTPUT_PREFIX + "ferry-proxy";

    private FerryBenchApp() {
    }

    @Ferry(app = THROUGHPUT_OUTPUT, topics = BenchTopics.INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE,
            outputs = @Output(topic = THROUGHPUT_OUTPUT, jsonSchema = Enrichment.SCHEMA),
            description = "Benchmark: adds amount_cents to every event.", owner = "ferry-benchmark")
    public static List<OutputEvent<Map<String, Object>>> enrich(List<InputEvent<Map<String, Object>>> events) {
        return enriched(events);
    }

    @Ferry(app = LATENCY_OUTPUT, topics = LATENCY_INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE,
            outputs = @Output(topic = LATENCY_OUTPUT, jsonSchema = Enrichment.SCHEMA),
            description = "Benchmark, latency run: adds amount_cents to every event.", owner = "ferry-benchmark")
    public static List<OutputEvent<Map<String, Object>>> enrichForLatency(List<InputEvent<Map<String, Object>>> events) {
        return enriched(events);
    }

    @Ferry(app = PROXY_THROUGHPUT_OUTPUT, topics = BenchTopics.INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE,
            outputs = @Output(topic = PROXY_THROUGHPUT_OUTPUT, jsonSchema = Enrichment.SCHEMA),
            description = "Benchmark through the write-back proxy: adds amount_cents to every event.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<Map<String, Object>>> enrichThroughProxy(
            List<InputEvent<Map<String, Object>>> events) {
        return enriched(events);
    }

    @Ferry(app = PROXY_LATENCY_OUTPUT, topics = PROXY_LATENCY_INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE,
            outputs = @Output(topic = PROXY_LATENCY_OUTPUT, jsonSchema = Enrichment.SCHEMA),
            description = "Benchmark through the write-back proxy, latency run: adds amount_cents to every event.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<Map<String, Object>>> enrichThroughProxyForLatency(
            List<InputEvent<Map<String, Object>>> events) {
        return enriched(events);
    }

    private static List<OutputEvent<Map<String, Object>>> enriched(List<InputEvent<Map<String, Object>>> events) {
        Progress.firstEvent();
        List<OutputEvent<Map<String, Object>>> out = new ArrayList<>(events.size());
        for (InputEvent<Map<String, Object>> e : events) {
            Map<String, Object> value = new LinkedHashMap<>(e.value());
            value.put("amount_cents", Enrichment.amountCents(((Number) value.get("amount")).doubleValue()));
            out.add(OutputEvent.of(value).withKey(e.key()));
        }
        return out;
    }
}
