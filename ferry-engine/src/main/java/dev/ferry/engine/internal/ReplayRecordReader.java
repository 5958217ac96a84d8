package dev.ferry.engine.internal;

import dev.ferry.engine.ReplayRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, once as an app starts, the latest {@link ReplayRecord} of each of its input partitions from
 * the audit topic, with a consumer of its own that belongs to no group: the order of a bounded replay
 * ({@code ferry replay --to}) that the consumer loops then honour ({@link BoundedReplays}). Once is
 * enough: a replay is only written while the app has no running instance, so every instance that runs
 * after it starts after it. An audit topic that does not exist means no replay was ever written; one
 * that cannot be read is logged as a warning and the app runs as if it had none (a bounded replay is
 * then run to the end: events processed twice, none lost).
 */
final class ReplayRecordReader {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRecordReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private ReplayRecordReader() {
    }

    /**
     * The latest replay record of each partition of {@code app} on {@code topic}, read to the end
     * within {@code timeout}, with a consumer {@code consumers} makes (groupless, string keys and
     * values), which is closed.
     */
    static Map<TopicPartition, ReplayRecord> latest(String app, String topic, Supplier<Consumer<String, String>> consumers,
                                                    Duration timeout) {
        Map<TopicPartition, ReplayRecord> latest = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Consumer<String, String> consumer = null;
        try {
            consumer = consumers.get();
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return latest; // no replay or skip was ever written
            }
            List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
            while (!readToEnd(consumer, ends)) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("app '{}': could not read the audit topic '{}' to its end within {}; a bounded replay "
                            + "(ferry replay --to) written after what was read is not honoured: its partition is "
                            + "processed to the end", app, topic, dev.ferry.engine.Durations.format(timeout));
                    break;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    read(app, topic, r, latest);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("app '{}': cannot read the audit topic '{}' for bounded replays ({}); a bounded replay (ferry "
                    + "replay --to) is not honoured: its partition is processed to the end", app, topic, e.toString());
        } finally {
            if (consumer != null) {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ZERO));
                } catch (RuntimeException e) {
                    LOG.debug("app '{}': audit reader did not close cleanly: {}", app, e.toString());
                }
            }
        }
        return latest;
    }

    private static boolean readToEnd(Consumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void read(String app, String topic, ConsumerRecord<String, String> r,
                             Map<TopicPartition, ReplayRecord> latest) {
        if (!app.equals(r.key()) || r.value() == null || !r.value().contains("\"" + ReplayRecord.ACTION + "\"")) {
            return;
        }
        try {
            ReplayRecord replay = ReplayRecord.parse(r.value());
            if (replay.app().equals(app)) {
                latest.put(new TopicPartition(replay.topic(), replay.partition()), replay);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("app '{}': audit topic '{}' offset {}: {}", app, topic, r.offset(), e.getMessage());
        }
    }
}
