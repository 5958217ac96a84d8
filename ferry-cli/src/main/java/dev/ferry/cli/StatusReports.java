package dev.ferry.cli;

import dev.ferry.engine.StatusReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest {@link StatusReport} of each instance of an app, read from the status topic from the
 * beginning to its end without joining a group: what {@code ferry status}, {@code show-failure}
 * and {@code skip} know of an app from the app itself.
 *
 * @param topic   the status topic
 * @param reports the newest report of each instance, newest first
 */
record StatusReports(String topic, List<StatusReport> reports) {

    /** Reads the reports of {@code app}; none when the topic does not exist. */
    static StatusReports read(Cluster cluster, String topic, String app) {
        Map<String, StatusReport> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, cluster.timeout());
            if (infos == null || infos.isEmpty()) {
                return new StatusReports(topic, List.of());
            }
            List<TopicPartition> all = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, cluster.timeout());
            long deadline = System.nanoTime() + cluster.timeout().toNanos();
            String prefix = app + "/";
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new CliException("cannot read the status topic '" + topic + "' on " + cluster.describe()
                            + ": not read to its end within " + cluster.timeout().toSeconds() + "s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix)) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(key);
                        continue;
                    }
                    try {
                        latest.put(key, StatusReport.parse(new String(r.value(), StandardCharsets.UTF_8)));
                    } catch (IllegalArgumentException e) {
                        // not ours to read: another writer's record under the same key prefix
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CliException("cannot read the status topic '" + topic + "' on " + cluster.describe() + ": " + e);
        }
        List<StatusReport> reports = new ArrayList<>(latest.values());
        reports.sort(Comparator.comparing(StatusReport::reportedAt).reversed());
        return new StatusReports(topic, reports);
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** The reports of instances still running: not their last, and not older than twice their heartbeat. */
    List<StatusReport> live(Instant now) {
        return reports.stream().filter(r -> !r.last() && !r.staleAt(now)).toList();
    }

    /**
     * The reports worth a line in {@code ferry status}: those of running instances, else the newest
     * (the compacted topic keeps every instance that ever ran).
     */
    List<StatusReport> shown(Instant now) {
        List<StatusReport> live = live(now);
        return !live.isEmpty() || reports.isEmpty() ? live : List.of(reports.get(0));
    }

    /**
     * The newest report of an instance halted at an event among those {@link #shown shown}: a running
     * instance's, or the last instance's when none runs (not an old instance's, fixed and restarted since).
     */
    Optional<StatusReport> halted(Instant now) {
        return shown(now).stream().filter(r -> r.status().state() == dev.ferry.engine.AppStatus.State.HALTED
                && r.status().failure().map(f -> f.position() != null).orElse(false)).findFirst();
    }

    /** How old a report is, for people: {@code 3s ago}. */
    static String age(StatusReport r, Instant now) {
        return LagCommand.age(Math.max(0, Duration.between(r.reportedAt(), now).toMillis())) + " ago";
    }

    /** One line about an instance: {@code instance 'i' RUNNING, health OK, lag 0 (reported 3s ago)}. */
    static String line(StatusReport r, Instant now) {
        return "instance '" + r.instance() + "' " + r.status().state() + ", health " + r.status().health()
                + ", lag " + r.status().lag()
                + r.status().store().map(u -> ", cannot write to its store: " + u.describe()).orElse("")
                + " (reported " + age(r, now)
                + (r.last() ? ", its last report: it stopped" : r.staleAt(now) ? ", stale: it may be gone" : "") + ")";
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Cluster cluster) {
        Map<String, Object> props = cluster.properties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-status");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
