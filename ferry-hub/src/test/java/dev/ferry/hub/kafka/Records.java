package dev.ferry.hub.kafka;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.StatusReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test records written as the hub's sources write them: explicit timestamps, headers, announcements, reports, commits. */
final class Records implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    Records(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record and waits for its acknowledgement. */
    void send(String topic, Integer partition, Instant timestamp, String key, byte[] value, Map<String, String> headers) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, partition, timestamp == null ? null : timestamp.toEpochMilli(),
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    void text(String topic, int partition, Instant timestamp, String value) {
        send(topic, partition, timestamp, null, value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    void announce(String topic, AppAnnouncement a) {
        send(topic, 0, null, AppAnnouncement.key(a.app(), a.instance()), a.toJson().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    void report(String topic, StatusReport r) {
        send(topic, 0, null, StatusReport.key(r.app(), r.instance()), r.toJson().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /** Commits {@code offset} on partition 0 of {@code topic} for {@code group}, as a consumer of it would. */
    void commit(String group, String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, partition)));
            c.commitSync(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        }
    }

    static AppAnnouncement announcement(String app, String instance, List<String> inputs, List<String> outputs,
                                        Instant at, boolean stopped) {
        return new AppAnnouncement(AppAnnouncement.VERSION, app, "does " + app, "team-" + app, "1.0", instance, "host-1",
                42, inputs, "json", outputs.stream().map(t -> new AppAnnouncement.Output(t, "json", "json-schema",
                "{\"type\":\"object\"}")).toList(), "at-least-once", "direct", "", "", at.minusSeconds(60), at, stopped);
    }

    static StatusReport halted(String app, String instance, String topic, long offset, Instant at) {
        AppStatus status = new AppStatus(app, AppStatus.State.HALTED, 1, 1, 3, 3, 0,
                Optional.of(new AppStatus.Failure(new EventPosition(topic, 0, offset), 3, "boom: not a number")));
        return new StatusReport(StatusReport.VERSION, app, instance, "host-1", 42, at, Duration.ofSeconds(10), false,
                status);
    }

    static StatusReport running(String app, String instance, Instant at) {
        AppStatus status = new AppStatus(app, AppStatus.State.RUNNING, 1, 1, 3, 3, 0, Optional.empty());
        return new StatusReport(StatusReport.VERSION, app, instance, "host-1", 42, at, Duration.ofSeconds(10), false,
                status);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
