package dev.ferry.hub.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.SkipRecord;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's audit log on the profile's audit topic ({@code audit.topic}): peeks and logins are
 * written there as JSON with an {@code action} of their own ({@code hub.peek}, ...) and the key
 * {@value #KEY} (which no app has, so running instances pass over them), next to the skips and
 * replays {@code ferry skip} and {@code ferry replay} write. Reading it reads the newest records of
 * every partition and merges the four kinds, newest first: every hub instance on the cluster sees
 * the same log. Written asynchronously; a write that fails is logged, not thrown at the page.
 */
public final class KafkaAuditLog implements AuditLog, AutoCloseable {

    /** The key of the hub's records on the audit topic. */
    public static final String KEY = "ferry.hub";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String topic;
    private final ClusterAccess cluster;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaAuditLog(String topic, ClusterAccess cluster, KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.cluster = cluster;
        this.producer = producer;
    }

    /** The audit log on {@code profile}'s audit topic of the cluster at {@code bootstrapServers}. */
    public static KafkaAuditLog open(String bootstrapServers, PlatformProfile profile, HubSettings settings) {
        ClusterAccess cluster = new ClusterAccess(bootstrapServers, profile, settings.timeout(), new RequestCounts());
        try {
            cluster.call("createTopics", cluster.admin().createTopics(List.of(new NewTopic(settings.auditTopic(),
                    Optional.of(1), Optional.empty()).configs(Map.of("retention.ms", "-1")))).all());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                cluster.close();
                throw new IllegalStateException("the hub cannot create its audit topic '" + settings.auditTopic()
                        + "' on " + bootstrapServers + ": " + e.getCause() + "; create it, or set audit.topic to an "
                        + "existing one", e);
            }
        }
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("producer"));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-hub-audit");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.timeout().toMillis());
        return new KafkaAuditLog(settings.auditTopic(), cluster,
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public void record(AuditEntry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("action", e.action()).put("by", e.by()).put("at", e.at().toString()).put("topic", e.topic())
                .put("detail", e.detail());
        producer.send(new ProducerRecord<>(topic, KEY.getBytes(StandardCharsets.UTF_8),
                n.toString().getBytes(StandardCharsets.UTF_8)), (meta, ex) -> {
                    if (ex != null) {
                        LOG.warn("hub: cannot write the audit record {} to '{}': {}", n, topic, ex.toString());
                    }
                });
    }

    /** Waits until every record written so far is on the topic (tests, and before closing). */
    public void flush() {
        producer.flush();
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        List<AuditEntry> out = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer = cluster.consumer("audit", Map.of());
        try {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, cluster.timeout());
            if (parts == null || parts.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, cluster.timeout());
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(tps, cluster.timeout());
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : tps) {
                long from = Math.max(starts.get(tp), ends.get(tp) - limit);
                consumer.seek(tp, from);
                if (ends.get(tp) > from) {
                    remaining.put(tp, ends.get(tp));
                }
            }
            long deadline = System.nanoTime() + cluster.timeout().toNanos();
            while (!remaining.isEmpty() && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    parse(r).ifPresent(out::add);
                    if (r.offset() + 1 >= remaining.getOrDefault(tp, Long.MAX_VALUE)) {
                        remaining.remove(tp);
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        } catch (RuntimeException e) {
            LOG.warn("hub: cannot read the audit topic '{}': {}", topic, e.toString());
            throw new IllegalStateException("cannot read the audit topic '" + topic + "': " + e.getMessage(), e);
        } finally {
            ClusterAccess.closeQuietly(consumer);
        }
        out.sort(Comparator.comparing(AuditEntry::at).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static Optional<AuditEntry> parse(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return Optional.empty();
        }
        String json = new String(r.value(), StandardCharsets.UTF_8);
        try {
            JsonNode n = MAPPER.readTree(json);
            String action = n == null ? "" : n.path("action").asText("");
            if (action.equals(SkipRecord.ACTION)) {
                SkipRecord s = SkipRecord.parse(json);
                return Optional.of(new AuditEntry(s.at(), s.by(), action, s.event().topic(),
                        "app " + s.app() + ", partition " + s.event().partition() + " offset " + s.event().offset()
                                + ": " + s.reason()));
            }
            if (action.equals(ReplayRecord.ACTION)) {
                ReplayRecord p = ReplayRecord.parse(json);
                return Optional.of(new AuditEntry(p.at(), p.by(), action, p.topic(),
                        "app " + p.app() + ", partition " + p.partition() + " offsets " + p.from() + ".."
                                + (p.to() == null ? "end" : p.to()) + ": " + p.reason()));
            }
            if (action.startsWith("hub.")) {
                return Optional.of(new AuditEntry(Instant.parse(n.path("at").asText()),
                        n.path("by").asText(), action, n.path("topic").asText(""), n.path("detail").asText("")));
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("hub: audit topic offset {}: not an audit record: {}", r.offset(), e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        cluster.close();
    }
}
