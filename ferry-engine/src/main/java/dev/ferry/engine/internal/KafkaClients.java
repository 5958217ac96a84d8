package dev.ferry.engine.internal;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds Kafka client properties from the platform profile plus the settings the guarantee depends
 * on, which Ferry owns: a profile that tries to set one of those is rejected with the reason, rather
 * than silently weakening the guarantee.
 */
final class KafkaClients {

    private static final Map<String, String> CONSUMER_OWNED = Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "offsets are committed only after outputs are acknowledged",
            ConsumerConfig.GROUP_ID_CONFIG, "the group id is the app's name",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "it is the app's batchSize",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "it is the app's start",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "the format decides it",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "the format decides it",
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "it is <app>-<instance-id>-<consumer>, from the profile's "
                    + "instance-id; set that instead");
    private static final Map<String, String> PRODUCER_OWNED = Map.of(
            ProducerConfig.ACKS_CONFIG, "at-least-once needs acks=all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "retries must not duplicate or reorder outputs",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "the format decides it",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "the format decides it",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the guarantee decides it");

    private static final String PROCESS_ID = java.util.UUID.randomUUID().toString().substring(0, 8);

    /**
     * Ferry's default {@code transaction.timeout.ms} for exactly-once (Kafka Streams' choice too): a
     * transaction left open by a crashed instance blocks read_committed readers of its partitions
     * until it times out, so 10 s rather than the client's 60 s. The profile may override it.
     */
    static final String TRANSACTION_TIMEOUT_MS = "10000";

    /**
     * Ferry's default {@code session.timeout.ms} for static members (an {@code instance-id} is set):
     * long enough to cover a pod's restart after a crash (the kubelet restarts a crashed container
     * at once, then after 10 s and 20 s; a Ferry JVM starts in a few seconds), during which the
     * instance keeps its partitions and no rebalance happens, and short enough that the partitions of
     * an instance that does not come back move on within a minute. The profile may override it.
     */
    static final String STATIC_SESSION_TIMEOUT_MS = "60000";

    /**
     * Producer defaults for throughput with a bounded latency, each overridable in the profile: a
     * batch may wait up to 5 ms to fill (Kafka's own default since 4.0, set here so it holds on older
     * clients too), batches of up to 64 KiB (4 times Kafka's default) so a busy partition sends fewer,
     * larger requests, and lz4, the cheapest compression in CPU, which cuts network and disk by about
     * half for JSON.
     */
    static final Map<String, String> THROUGHPUT_PRODUCER = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "65536",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    private KafkaClients() {
    }

    /** Properties for consumer {@code index} of an app. */
    static Map<String, Object> consumer(AppDescriptor spec, PlatformProfile profile, int index) {
        Map<String, Object> props = checked(profile, "consumer", CONSUMER_OWNED);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(spec.batchSize()));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, spec.start() == Start.BEGINNING ? "earliest" : "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // the instance in it, so that the group's members (ferry lag) say which instance owns a partition
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, spec.name() + "-" + AppInstance.of(profile).name()
                + "-consumer-" + index);
        if (profile.guarantee() == Guarantee.EXACTLY_ONCE) {
            props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        groupInstanceId(spec, profile, props, index).ifPresent(id -> {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
            props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, STATIC_SESSION_TIMEOUT_MS);
        });
        return props;
    }

    /**
     * The static group membership of consumer {@code index}, {@code <app>-<instance-id>-<index>}, when
     * the profile gives a stable {@code instance-id}: an instance restarted after a crash then takes
     * its predecessor's place in the group, and its partitions, at once, instead of waiting for the
     * dead member's session to time out. None without an instance id, and none with the consumer
     * group protocol (KIP-848, {@code group.protocol=consumer}): its broker refuses a static member
     * whose predecessor has not left ({@code UNRELEASED_INSTANCE_ID}, fatal to the consumer in Kafka
     * 4.3) until that session times out, so a crashed instance would not even restart.
     */
    static java.util.Optional<String> groupInstanceId(AppDescriptor spec, PlatformProfile profile,
                                                      Map<String, Object> consumerProps, int index) {
        Object protocol = consumerProps.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (profile.instanceId().isEmpty() || "consumer".equalsIgnoreCase(String.valueOf(protocol).trim())) {
            return java.util.Optional.empty();
        }
        String id = spec.name() + "-" + profile.instanceId().get() + "-" + index;
        if (id.length() > MAX_GROUP_INSTANCE_ID) {
            throw new ProfileException(profile.source("instance-id") + ": app '" + spec.name() + "' with instance id '"
                    + profile.instanceId().get() + "' makes the group instance id '" + id + "', longer than Kafka's "
                    + MAX_GROUP_INSTANCE_ID + " characters; use a shorter instance-id");
        }
        return java.util.Optional.of(id);
    }

    private static final int MAX_GROUP_INSTANCE_ID = 249;

    /** Properties for the producer of consumer {@code index} of an app. */
    static Map<String, Object> producer(AppDescriptor spec, PlatformProfile profile, int index) {
        Map<String, Object> props = checked(profile, "producer", PRODUCER_OWNED);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, spec.name() + "-producer-" + index);
        THROUGHPUT_PRODUCER.forEach(props::putIfAbsent);
        if (profile.guarantee() == Guarantee.EXACTLY_ONCE) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(spec, profile, index));
            props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        }
        return props;
    }

    /**
     * The transactional id of consumer {@code index}'s producer: {@code <app>-<instance-id>-<index>}.
     * Zombies are fenced by the consumer group generation (KIP-447) either way; a stable instance id
     * (the profile's {@code instance-id}) also lets a restarted instance abort its predecessor's open
     * transaction when it starts. Without one, the id is random per process and such a transaction
     * blocks its partitions until {@code transaction.timeout.ms}.
     */
    static String transactionalId(AppDescriptor spec, PlatformProfile profile, int index) {
        return transactionalIdPrefix(spec) + profile.instanceId().orElse(PROCESS_ID) + "-" + index;
    }

    /**
     * What every transactional id of the app starts with, {@code <app>-}: the rest depends on the
     * instance and the consumer, so an ACL on the app's transactional ids is a prefixed one.
     */
    static String transactionalIdPrefix(AppDescriptor spec) {
        return spec.name() + "-";
    }

    /**
     * Properties for the producer of an instance's status reports: the profile's producer settings,
     * string records, and bounded waits, so that a cluster that cannot be reached costs the reporter's
     * own thread seconds, never the app.
     */
    static Map<String, Object> statusProducer(AppDescriptor spec, PlatformProfile profile, String instance) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("producer"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, spec.name() + "-" + instance + "-status");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        return props;
    }

    /** Properties for the groupless consumer that reads the audit topic for skips of consumer {@code index}. */
    static Map<String, Object> auditConsumer(AppDescriptor spec, PlatformProfile profile, String instance, int index) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("consumer"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, spec.name() + "-" + instance + "-audit-" + index);
        return props;
    }

    /** Properties for an admin client, used for start-up checks. */
    static Map<String, Object> admin(PlatformProfile profile, String clientId) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("admin"));
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        long timeout = profile.startupTimeout().toMillis();
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, 1000));
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Math.max(timeout, 1000), 30_000));
        return props;
    }

    private static Map<String, Object> checked(PlatformProfile profile, String kind, Map<String, String> owned) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties(kind));
        for (String key : props.keySet()) {
            String why = owned.get(key.toLowerCase(Locale.ROOT));
            if (why != null) {
                throw new ProfileException(profile.sourceOf(kind, key) + ": kafka " + kind + " property '" + key
                        + "' is set by Ferry (" + why + "); remove it from the profile");
            }
        }
        profile.bootstrapServers();
        return props;
    }
}
