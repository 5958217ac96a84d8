package dev.ferry.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic, from the beginning to the end offsets it has when the read starts, with a
 * plain consumer that belongs to no group ({@code assign} + {@code seekToBeginning}): independent of
 * the engine and of the app's offsets.
 */
final class TopicReader {

    private TopicReader() {
    }

    /** Hears every record read. */
    interface RecordHandler {
        void record(ConsumerRecord<String, String> record);
    }

    /**
     * Waits until no transaction is open on {@code topic} (its last stable offsets equal its end
     * offsets), at most {@code max}; returns how long that took, or null if transactions were still
     * open then. Before that, a read_committed reader stops short of everything written after the
     * first open transaction.
     */
    static Duration awaitNoOpenTransactions(String bootstrapServers, String topic, Duration max) {
        long started = System.nanoTime();
        try (KafkaConsumer<String, String> committed = consumer(bootstrapServers, IsolationLevel.READ_COMMITTED);
             KafkaConsumer<String, String> all = consumer(bootstrapServers, IsolationLevel.READ_UNCOMMITTED)) {
            List<TopicPartition> partitions = partitions(committed, topic, max);
            while (!committed.endOffsets(partitions, max).equals(all.endOffsets(partitions, max))) {
                if (System.nanoTime() - started > max.toNanos()) {
                    return null;
                }
                Pause.of(Duration.ofMillis(500));
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers, IsolationLevel isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "ferry-faults-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        return consumer.partitionsFor(topic, timeout).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Reads every record of {@code topic} visible at {@code isolation}; throws if the end is not reached within {@code timeout}. */
    static void readAll(String bootstrapServers, String topic, IsolationLevel isolation, Duration timeout,
                        RecordHandler handler) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + ends + " within "
                            + timeout.toSeconds() + "s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(handler::record);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
