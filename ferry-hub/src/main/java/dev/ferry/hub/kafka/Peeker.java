package dev.ferry.hub.kafka;

import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.PeekedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * A peek at recent events of a topic, newest first: a short-lived consumer, assigned (no group,
 * nothing committed), reads at most {@code limit} events back from the end of each partition asked
 * (or from an offset, or from the last event at or before a time), and the newest {@code limit} of
 * them are shown. Each peek is its own consumer, so peeks never share state; its cost is one
 * metadata request, an offset lookup, and the fetches of at most {@code limit} events per partition.
 */
final class Peeker {

    private final ClusterAccess cluster;

    Peeker(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    List<PeekedEvent> peek(String topic, PeekRequest request) {
        cluster.counts().count("peek");
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer("peek",
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PeekRequest.MAX_LIMIT,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024))) {
            List<TopicPartition> partitions = partitions(consumer, topic, request);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, cluster.timeout());
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, cluster.timeout());
            Map<TopicPartition, Long> until = until(consumer, topic, request, partitions, starts, ends);
            Map<TopicPartition, Long> from = new HashMap<>();
            until.forEach((tp, end) -> {
                if (end > starts.get(tp)) {
                    from.put(tp, Math.max(starts.get(tp), end - request.limit()));
                }
            });
            List<ConsumerRecord<byte[], byte[]>> read = read(consumer, from, until);
            return read.stream()
                    .filter(r -> request.fromTime().map(t -> r.timestamp() <= t.toEpochMilli()).orElse(true))
                    .sorted(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                            .thenComparingLong(ConsumerRecord::offset).reversed())
                    .limit(request.limit()).map(Peeker::event).toList();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, PeekRequest request) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, cluster.timeout());
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic '" + topic + "' on the cluster at '" + cluster.bootstrapServers()
                    + "'");
        }
        Set<Integer> numbers = infos.stream().map(PartitionInfo::partition).collect(Collectors.toSet());
        if (request.partition().isPresent()) {
            int p = request.partition().getAsInt();
            if (!numbers.contains(p)) {
                throw new IllegalArgumentException("topic '" + topic + "' has no partition " + p + ": it has "
                        + numbers.size() + " partition(s), 0 to " + (numbers.size() - 1));
            }
            return List.of(new TopicPartition(topic, p));
        }
        return numbers.stream().sorted().map(p -> new TopicPartition(topic, p)).toList();
    }

    /** Where each partition's events to show end (exclusive). */
    private Map<TopicPartition, Long> until(KafkaConsumer<byte[], byte[]> consumer, String topic, PeekRequest request,
                                            List<TopicPartition> partitions, Map<TopicPartition, Long> starts,
                                            Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> out = new HashMap<>(ends);
        if (request.fromOffset().isPresent()) {
            TopicPartition tp = partitions.get(0);
            long offset = request.fromOffset().getAsLong();
            if (offset < starts.get(tp) || offset >= ends.get(tp)) {
                throw new IllegalArgumentException("offset " + offset + " is not in partition " + tp.partition()
                        + " of topic '" + topic + "': it holds offsets " + starts.get(tp) + " to " + (ends.get(tp) - 1)
                        + (ends.get(tp).equals(starts.get(tp)) ? " (it is empty)" : ""));
            }
            out.put(tp, offset + 1);
        }
        if (request.fromTime().isPresent()) {
            Instant t = request.fromTime().get();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, t.toEpochMilli() + 1));
            Map<TopicPartition, OffsetAndTimestamp> after = consumer.offsetsForTimes(query, cluster.timeout());
            after.forEach((tp, ot) -> {
                if (ot != null) {
                    out.merge(tp, ot.offset(), Math::min);
                }
            });
        }
        return out;
    }

    private List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer,
                                                      Map<TopicPartition, Long> from, Map<TopicPartition, Long> until) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (from.isEmpty()) {
            return out;
        }
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        long deadline = System.nanoTime() + cluster.timeout().toNanos();
        while (!from.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (from.containsKey(tp) && r.offset() < until.get(tp)) {
                    out.add(r);
                }
            }
            for (TopicPartition tp : List.copyOf(from.keySet())) {
                if (consumer.position(tp) >= until.get(tp)) {
                    from.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
        }
        return out;
    }

    private static PeekedEvent event(ConsumerRecord<byte[], byte[]> r) {
        List<PeekedEvent.Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new PeekedEvent.Header(h.key(), h.value() == null ? "" : ValueRendering.text(h.value())));
        }
        ValueRendering.Rendered v = ValueRendering.value(r.value());
        return new PeekedEvent(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                ValueRendering.text(r.key()), headers, v.text(), v.kind());
    }
}
