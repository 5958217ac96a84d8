package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic back with a plain, independent consumer and checks that it holds one
 * standard envelope ({@code metadata: {timestamp, id, version}, payload: {client, ...}}) for every
 * client 1..N, and nothing else.
 */
final class OutputCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 3;

    private final int expected;
    private final BitSet seen;
    private final List<String> samples = new ArrayList<>();
    private int records;
    private String firstProblem;

    private OutputCheck(int expected) {
        this.expected = expected;
        this.seen = new BitSet(expected + 1);
    }

    /**
     * Reads {@code topic} from the beginning up to the end offsets it has when the read starts (all
     * of it, so that a duplicate counts in {@link #records()}), or until {@code timeout} passed.
     */
    static OutputCheck read(String bootstrapServers, String topic, int expected, Duration timeout) {
        OutputCheck check = new OutputCheck(expected);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "ferry-demo-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!atEnd(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    check.accept(r.value());
                }
            }
        }
        return check;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void accept(String value) {
        records++;
        if (samples.size() < SAMPLES) {
            samples.add(value);
        }
        String problem = problem(value);
        if (problem != null && firstProblem == null) {
            firstProblem = problem + ": " + value;
        }
    }

    private String problem(String value) {
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return "not JSON";
        }
        JsonNode metadata = event.path("metadata");
        for (String field : List.of("timestamp", "id", "version")) {
            if (!metadata.path(field).isTextual()) {
                return "not an envelope: no metadata." + field;
            }
        }
        JsonNode client = event.path("payload").path("client");
        if (!client.canConvertToInt() || client.asInt() < 1 || client.asInt() > expected) {
            return "payload.client is not one of the clients sent";
        }
        seen.set(client.asInt());
        return null;
    }

    /** How many records were read. */
    int records() {
        return records;
    }

    /** How many of clients 1..N have an output. */
    int present() {
        return seen.cardinality();
    }

    /** Whether every client has an output and every output was a valid envelope for one. */
    boolean allPresent() {
        return present() == expected && firstProblem == null;
    }

    /** The first few outputs as read. */
    List<String> samples() {
        return samples;
    }

    /** What was wrong with the first bad output, or null. */
    String firstProblem() {
        return firstProblem;
    }
}
