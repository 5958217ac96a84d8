package dev.ferry.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the app's group has got through the input: its committed offsets, and once the whole
 * input is produced ({@link #readEnds()}) the input's end offsets, read with an admin client of the
 * harness's own. While the broker is down a read fails fast and the last known offsets stand.
 */
final class GroupProgress implements AutoCloseable {

    private static final long CALL_TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final String group;
    private final String topic;
    private final int partitions;
    private Map<TopicPartition, Long> ends;
    private Map<TopicPartition, Long> committed = Map.of();

    private GroupProgress(Admin admin, String group, String topic, int partitions) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Progress of {@code group} through the {@code partitions} of {@code topic}. */
    static GroupProgress of(String bootstrapServers, String group, String topic, int partitions) {
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ferry-faults-progress",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS));
        return new GroupProgress(admin, group, topic, partitions);
    }

    /**
     * Reads the input's end offsets, once the whole input is produced: {@link #complete()} compares
     * the committed offsets with them. Returns how many events the input holds.
     */
    long readEnds() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> read = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> read.put(tp, info.offset()));
            ends = read;
            return read.values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Events committed by the group, as of now (or as of the last successful read). */
    long committed() {
        refresh();
        return lastCommitted();
    }

    /** Events committed by the group as of the last successful read; asks nothing of the broker. */
    long lastCommitted() {
        Map<TopicPartition, Long> e = ends;
        return committed.entrySet().stream()
                .mapToLong(c -> e == null ? c.getValue() : Math.min(c.getValue(), e.getOrDefault(c.getKey(), 0L))).sum();
    }

    /** Whether every input partition is committed up to its end; false until {@link #readEnds()}. */
    boolean complete() {
        if (ends == null) {
            return false;
        }
        refresh();
        return ends.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** The committed offsets as last read, per input partition (absent: nothing committed). */
    Map<TopicPartition, Long> committedOffsets() {
        return committed;
    }

    /**
     * Committed offset / end offset per partition, as last read, e.g. {@code faults.in-0 16650/16650}
     * (the committed offset alone before {@link #readEnds()}).
     */
    List<String> describe() {
        List<String> out = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            out.add(tp + " " + committed.getOrDefault(tp, 0L) + (ends == null ? "" : "/" + ends.get(tp)));
        }
        return out;
    }

    /** Members of the group that have at least one partition now; 0 if the broker does not answer. */
    int membersWithPartitions() {
        try {
            return (int) admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void refresh() {
        try {
            Map<TopicPartition, OffsetAndMetadata> raw = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> now = new HashMap<>();
            raw.forEach((tp, o) -> {
                if (o != null && tp.topic().equals(topic) && tp.partition() < partitions) {
                    now.put(tp, o.offset());
                }
            });
            committed = Map.copyOf(now);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // The broker is restarting, or the coordinator is loading: keep the last known offsets.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
