package dev.ferry.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks a slow-scenario output topic, read back by the harness's own group-less consumer: that every
 * input event came out ({@code key}, {@code seq}) and that each key's events came out in the order they
 * went in. Records are taken in each output partition's order (a key always lands on one partition).
 *
 * <p>A record whose {@code seq} its key has already shown is a <em>duplicate</em> (a replay, which
 * at-least-once allows after a restart; no contender restarts here, so there should be none). A record
 * seen for the first time after a higher {@code seq} of the same key is an <em>order violation</em>:
 * the contender reordered that key's events.
 */
final class OrderCheck {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Long> highest = new HashMap<>();
    private final Map<String, Set<Long>> seen = new HashMap<>();
    private long records;
    private long distinct;
    private long duplicates;
    private long violations;
    private long unreadable;

    /**
     * The outcome.
     *
     * @param expected   input events
     * @param records    records in the output topic
     * @param distinct   distinct (key, seq) pairs among them
     * @param duplicates records whose (key, seq) came out before
     * @param violations records that came out after a higher seq of their key
     * @param unreadable records without a key or a numeric {@code seq}
     */
    record Result(long expected, long records, long distinct, long duplicates, long violations, long unreadable) {

        /** Whether every input event came out, exactly once, and nothing else. */
        boolean complete() {
            return distinct == expected && records == expected && unreadable == 0;
        }

        /** Whether per-key order was kept. */
        boolean inOrder() {
            return violations == 0;
        }

        /** Input events that never came out. */
        long missing() {
            return Math.max(0, expected - distinct);
        }
    }

    /** Takes the next record of a key, in its partition's order. */
    void accept(String key, long seq) {
        records++;
        Set<Long> keySeen = seen.computeIfAbsent(key, k -> new HashSet<>());
        if (!keySeen.add(seq)) {
            duplicates++;
            return;
        }
        distinct++;
        Long top = highest.get(key);
        if (top != null && seq < top) {
            violations++;
        }
        if (top == null || seq > top) {
            highest.put(key, seq);
        }
    }

    void acceptUnreadable() {
        records++;
        unreadable++;
    }

    Result result(long expected) {
        return new Result(expected, records, distinct, duplicates, violations, unreadable);
    }

    /** Reads the whole of {@code topic} and checks it against {@code expected} input events. */
    static Result read(BenchCluster cluster, String topic, long expected) {
        OrderCheck check = new OrderCheck();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.groupless()) {
            List<TopicPartition> partitions = BenchCluster.partitions(consumer, topic);
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumer.position(tp) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("reading " + tp + " back took longer than 60 s");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        check.accept(r);
                    }
                }
            }
        }
        return check.result(expected);
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode seq = r.value() == null ? null : MAPPER.readTree(r.value()).get("seq");
            if (r.key() == null || seq == null || !seq.canConvertToLong()) {
                acceptUnreadable();
                return;
            }
            accept(new String(r.key(), StandardCharsets.UTF_8), seq.asLong());
        } catch (IOException e) {
            acceptUnreadable();
        }
    }
}
