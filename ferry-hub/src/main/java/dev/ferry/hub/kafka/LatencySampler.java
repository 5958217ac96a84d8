package dev.ferry.hub.kafka;

import dev.ferry.engine.Lineage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Samples the lineage headers ({@link Lineage}) of the newest events of the chains' topics: for
 * each event, its latency from the chain's origin (record timestamp minus origin time) and its hop
 * count. Bounded: one long-lived groupless consumer, at most {@code maxTopics} topics and
 * {@code samplesPerTopic} newest events per topic (spread over its partitions) per round, and at
 * most {@code maxBytes} read per round, whichever comes first; each round replaces a topic's
 * samples, so the window is a topic's newest events. Used by the refresh thread; read by anyone.
 */
final class LatencySampler implements AutoCloseable {

    /** One event's place in its chain. */
    record Sample(long latencyMs, int hops, long timestamp) {
    }

    private final ClusterAccess cluster;
    private final int maxTopics;
    private final int samplesPerTopic;
    private final long maxBytes;
    private final Map<String, List<Sample>> byTopic = new ConcurrentHashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;
    private long lastRoundBytes;

    LatencySampler(ClusterAccess cluster, int maxTopics, int samplesPerTopic, long maxBytes) {
        this.cluster = cluster;
        this.maxTopics = maxTopics;
        this.samplesPerTopic = samplesPerTopic;
        this.maxBytes = maxBytes;
    }

    /** The samples of a topic's newest events that carry lineage. */
    List<Sample> samples(String topic) {
        return byTopic.getOrDefault(topic, List.of());
    }

    /** Bytes read by the last round. */
    long lastRoundBytes() {
        return lastRoundBytes;
    }

    /** One round over {@code topics} (the first {@code maxTopics}), with their partitions' offsets from {@code snapshot}. */
    synchronized void sample(List<String> topics, ClusterSnapshot snapshot) {
        byTopic.keySet().retainAll(topics);
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> until = new HashMap<>();
        for (String topic : topics.subList(0, Math.min(topics.size(), maxTopics))) {
            ClusterSnapshot.TopicState t = snapshot.topics().get(topic);
            if (t == null || t.partitions().isEmpty()) {
                continue;
            }
            int perPartition = Math.max(1, samplesPerTopic / t.partitions().size());
            for (ClusterSnapshot.PartitionState p : t.partitions()) {
                if (p.end() > p.start() && p.start() >= 0) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    from.put(tp, Math.max(p.start(), p.end() - perPartition));
                    until.put(tp, p.end());
                }
            }
        }
        Map<String, List<Sample>> round = new HashMap<>();
        long bytes = 0;
        if (!from.isEmpty()) {
            try {
                KafkaConsumer<byte[], byte[]> c = consumer();
                c.assign(from.keySet());
                from.forEach(c::seek);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!from.isEmpty() && bytes < maxBytes && System.nanoTime() < deadline) {
                    cluster.counts().count("poll.lineage");
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (!until.containsKey(tp) || r.offset() >= until.get(tp)) {
                            continue;
                        }
                        bytes += size(r);
                        read(r).ifPresent(s -> round.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(s));
                    }
                    for (TopicPartition tp : List.copyOf(from.keySet())) {
                        if (c.position(tp) >= until.get(tp)) {
                            from.remove(tp);
                            c.pause(List.of(tp));
                        }
                    }
                }
                c.assign(List.of());
            } catch (KafkaException e) {
                closeConsumer();
            }
        }
        lastRoundBytes = bytes;
        until.keySet().stream().map(TopicPartition::topic).distinct()
                .forEach(t -> byTopic.put(t, List.copyOf(round.getOrDefault(t, List.of()))));
    }

    private static Optional<Sample> read(ConsumerRecord<byte[], byte[]> r) {
        Header tp = r.headers().lastHeader(Lineage.TRACEPARENT);
        Header origin = r.headers().lastHeader(Lineage.ORIGIN_TIME);
        Header hops = r.headers().lastHeader(Lineage.HOPS);
        return Lineage.read(tp == null ? null : tp.value(), origin == null ? null : origin.value(),
                        hops == null ? null : hops.value())
                .map(l -> new Sample(r.timestamp() - l.originTime().toEpochMilli(), l.hops(), r.timestamp()));
    }

    private static long size(ConsumerRecord<byte[], byte[]> r) {
        long n = Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
        for (Header h : r.headers()) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = cluster.consumer("lineage", Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024,
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
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
