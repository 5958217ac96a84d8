package dev.ferry.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An app's consumer lag as the cluster sees it, read from outside the app (for on-call, when the
 * app itself may be down): per input partition the committed offset, the log end, the lag in
 * events, how old the oldest unprocessed event is, and which member owns it.
 *
 * @param app        the app (consumer group)
 * @param groupState the group's state, such as STABLE or EMPTY
 * @param members    how many consumers are in the group
 * @param partitions one row per partition the group has committed offsets for or owns
 * @param takenAtMs  when the snapshot was taken
 */
record GroupLag(String app, String groupState, int members, List<Row> partitions, long takenAtMs) {

    /**
     * One partition's lag.
     *
     * @param partition the partition
     * @param committed the committed offset, or -1 if none (the lag then counts every event kept)
     * @param end       the log end offset
     * @param lag       events waiting
     * @param ageMs     how old the oldest waiting event is, in ms (0 when none waits, -1 if unknown)
     * @param owner     the owning member's client id, or "-"
     */
    record Row(TopicPartition partition, long committed, long end, long lag, long ageMs, String owner) {
    }

    /** Total events waiting. */
    long totalLag() {
        return partitions.stream().mapToLong(Row::lag).sum();
    }

    /** The age of the oldest waiting event over all partitions, in ms. */
    long maxAgeMs() {
        return partitions.stream().mapToLong(Row::ageMs).max().orElse(0);
    }

    /** Reads the snapshot; fails with a sentence if the app is unknown to the cluster. */
    static GroupLag read(Cluster cluster, String app) {
        Duration timeout = cluster.timeout();
        try (Admin admin = Admin.create(cluster.properties("admin"))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, String> owners = new HashMap<>();
            for (MemberDescription m : group.members()) {
                m.assignment().topicPartitions().forEach(tp -> owners.put(tp, m.clientId()));
            }
            java.util.Set<String> topics = new java.util.TreeSet<>();
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            owners.keySet().forEach(tp -> topics.add(tp.topic()));
            List<TopicPartition> all = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, d) -> d.partitions().forEach(p -> all.add(new TopicPartition(name, p.partition()))));
            if (all.isEmpty()) {
                throw new CliException("app '" + app + "' has no members and no committed offsets on "
                        + cluster.describe() + ": check the app's name (it is the consumer group id)");
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            all.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            all.forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> positions = new HashMap<>();
            Map<TopicPartition, Long> positionsOrStart = new HashMap<>();
            for (TopicPartition tp : all) {
                OffsetAndMetadata o = committed.get(tp);
                positions.put(tp, o == null ? -1 : o.offset());
                positionsOrStart.put(tp, o == null ? starts.get(tp).offset() : o.offset());
            }
            Map<TopicPartition, Long> ages = ages(cluster, positionsOrStart, ends);
            List<Row> rows = new ArrayList<>();
            for (TopicPartition tp : all) {
                long end = ends.get(tp).offset();
                long lag = Math.max(0, end - positionsOrStart.get(tp));
                long pos = positions.get(tp);
                rows.add(new Row(tp, pos, end, lag, lag == 0 ? 0 : ages.getOrDefault(tp, -1L), owners.getOrDefault(tp, "-")));
            }
            rows.sort(Comparator.comparing((Row r) -> r.partition().topic()).thenComparingInt(r -> r.partition().partition()));
            return new GroupLag(app, group.groupState().name(), group.members().size(), rows, System.currentTimeMillis());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new CliException("app '" + app + "' is not known on " + cluster.describe());
            }
            throw new CliException("cannot read the lag of app '" + app + "' from " + cluster.describe() + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new CliException("cannot read the lag of app '" + app + "': " + cluster.describe() + " did not answer within "
                    + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** The timestamp age of the first waiting event of each lagging partition, read with a groupless consumer. */
    private static Map<TopicPartition, Long> ages(Cluster cluster, Map<TopicPartition, Long> positions,
                                                  Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        Map<TopicPartition, Long> waiting = new HashMap<>();
        positions.forEach((tp, pos) -> {
            if (pos >= 0 && pos < ends.get(tp).offset()) {
                waiting.put(tp, pos);
            }
        });
        Map<TopicPartition, Long> ages = new HashMap<>();
        if (waiting.isEmpty()) {
            return ages;
        }
        Map<String, Object> props = cluster.properties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-lag");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(waiting.keySet());
            waiting.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long now = System.currentTimeMillis();
            while (ages.size() < waiting.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    ages.putIfAbsent(tp, Math.max(0, now - r.timestamp()));
                }
            }
        }
        return ages;
    }
}
