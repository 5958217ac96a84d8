package dev.ferry.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * Reads a latency run's output topic back and measures, per output record, the time from the event's
 * creation (its {@code ts}, stamped by the harness when it sent it) to the record's append to the
 * output topic (its broker-assigned log-append timestamp).
 */
final class LatencyReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private LatencyReader() {
    }

    /** Percentiles of end-to-end latency, in milliseconds, over the {@code count} records measured. */
    record Percentiles(long count, long p50, long p99, long max) {

        static Percentiles of(long[] latencies) {
            if (latencies.length == 0) {
                return new Percentiles(0, -1, -1, -1);
            }
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
        }

        /** The nearest-rank percentile. */
        private static long at(long[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** The latencies of every output record of an event with index {@code fromIndex} or later. */
    static Percentiles read(BenchCluster cluster, String topic, long fromIndex) {
        long[] latencies = new long[1024];
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.groupless()) {
            List<TopicPartition> partitions = BenchCluster.partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " back took longer than " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(topic + " has " + r.timestampType() + " timestamps; expected LogAppendTime");
                    }
                    JsonNode event = parse(r.value());
                    if (Events.indexOf(event.path("id").asText("evt-0")) >= fromIndex) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = r.timestamp() - event.path("ts").asLong();
                    }
                }
            }
        }
        return Percentiles.of(Arrays.copyOf(latencies, n));
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static JsonNode parse(byte[] value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("an output record is not JSON: " + e.getMessage(), e);
        }
    }
}
