package dev.ferry.materialize;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Finds a topic's schema where Ferry keeps it: in the {@link AppAnnouncement} of the app that declares
 * the topic as an output, on the profile's {@code announce.topic}, read from its beginning to its end
 * (the latest announcement that has the topic wins).
 */
final class SchemaLookup {

    /** A schema and where it came from. */
    record Found(String schema, String source) {
    }

    private SchemaLookup() {
    }

    static Optional<Found> find(String topic, PlatformProfile profile) {
        Optional<String> announce = profile.announceTopic();
        if (announce.isEmpty()) {
            return Optional.empty();
        }
        try {
            return read(topic, announce, profile);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new MaterializeException("cannot read the schema of topic '" + topic + "' from the announcements on "
                    + "topic '" + announce.get() + "' (announce.topic) at " + profile.bootstrapServers() + ": " + e
                    + "; name a JSON Schema file with schema: to do without", e);
        }
    }

    private static Optional<Found> read(String topic, Optional<String> announce, PlatformProfile profile) {
        Map<String, Object> config = new HashMap<>(profile.kafkaProperties("consumer"));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-materialize-schema-" + UUID.randomUUID());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Duration timeout = profile.startupTimeout();
        AppAnnouncement latest = null;
        String latestOutputSchema = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(announce.get(), timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    AppAnnouncement a;
                    try {
                        a = AppAnnouncement.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    for (AppAnnouncement.Output o : a.outputs()) {
                        if (o.topic().equals(topic) && (latest == null || !a.announcedAt().isBefore(latest.announcedAt()))) {
                            if (!o.language().equals("json-schema")) {
                                throw new MaterializeException("topic '" + topic + "' is written by app '" + a.app()
                                        + "' in format " + o.format() + " (a " + o.language() + " schema); materialize "
                                        + "reads JSON topics only for now");
                            }
                            latest = a;
                            latestOutputSchema = o.schema();
                        }
                    }
                }
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        return Optional.of(new Found(latestOutputSchema, "the announcement of app '" + latest.app() + "' (instance "
                + latest.instance() + ", " + latest.announcedAt() + ") on topic '" + announce.get() + "'"));
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
