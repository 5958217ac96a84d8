package dev.ferry.hub.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The timestamps of the events at groups' committed offsets (the oldest event each group has not
 * processed), for lag in seconds. Read sparingly: only for partitions that lag, only when the
 * committed offset moved since it was last read, at most {@code maxFetches} records per refresh
 * (one fetch per partition, a small fetch size), by one long-lived groupless consumer; what was
 * read is kept while some group is still committed there, so a group that does not move costs
 * nothing. Fetched by the refresh thread; read by anyone without waiting for a fetch.
 */
final class LagAges implements AutoCloseable {

    /** A partition and an offset in it. */
    record Position(TopicPartition partition, long offset) {
    }

    private final ClusterAccess cluster;
    private final int maxFetches;
    private final Map<Position, Long> timestamps = new ConcurrentHashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    LagAges(ClusterAccess cluster, int maxFetches) {
        this.cluster = cluster;
        this.maxFetches = maxFetches;
    }

    /** The record timestamp at a position, if read already. */
    Long timestamp(Position p) {
        return timestamps.get(p);
    }

    /** Reads the timestamps of the positions not known yet, at most {@code maxFetches} of them, one per partition. */
    synchronized void fetch(List<Position> wanted) {
        timestamps.keySet().retainAll(new HashSet<>(wanted));
        Map<TopicPartition, Long> round = new HashMap<>();
        for (Position p : wanted) {
            if (round.size() >= maxFetches) {
                break;
            }
            if (!timestamps.containsKey(p)) {
                round.putIfAbsent(p.partition(), p.offset());
            }
        }
        if (round.isEmpty()) {
            return;
        }
        try {
            KafkaConsumer<byte[], byte[]> c = consumer();
            c.assign(round.keySet());
            round.forEach(c::seek);
            Set<TopicPartition> missing = new HashSet<>(round.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                cluster.counts().count("poll.lag-age");
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (missing.remove(tp)) {
                        timestamps.put(new Position(tp, round.get(tp)), r.timestamp());
                        c.pause(List.of(tp));
                    }
                }
            }
            c.assign(List.of());
        } catch (KafkaException e) {
            closeConsumer(); // a new one next time
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = cluster.consumer("lag-age", Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024,
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000));
        }
        return consumer;
    }

    private void closeConsumer() {
        ClusterAccess.closeQuietly(consumer);
        consumer = null;
    }

    @Override
    public synchronized void close() {
        closeConsumer();
    }
}
