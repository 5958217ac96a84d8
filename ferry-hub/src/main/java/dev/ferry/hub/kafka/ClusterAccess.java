package dev.ferry.hub.kafka;

import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The hub's way to the cluster: the profile's client settings with one address, the request
 * counter, one shared Admin client, and groupless consumers (no group, no commit) for reading.
 */
final class ClusterAccess implements AutoCloseable {

    private final String bootstrapServers;
    private final PlatformProfile profile;
    private final Duration timeout;
    private final RequestCounts counts;
    private final Admin admin;

    ClusterAccess(String bootstrapServers, PlatformProfile profile, Duration timeout, RequestCounts counts) {
        this.bootstrapServers = bootstrapServers;
        this.profile = profile;
        this.timeout = timeout;
        this.counts = counts;
        Map<String, Object> props = properties("admin");
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "ferry-hub-admin");
        this.admin = Admin.create(props);
    }

    /** The cluster's address, for messages. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    RequestCounts counts() {
        return counts;
    }

    Duration timeout() {
        return timeout;
    }

    /** The Admin client: count each call with {@link #call}. */
    Admin admin() {
        return admin;
    }

    /** Waits for an Admin call's result, counting it as {@code kind}; its failure is thrown as is. */
    <T> T call(String kind, KafkaFuture<T> future) throws ExecutionException {
        counts.count(kind);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException(
                    "the cluster at '" + bootstrapServers + "' did not answer " + kind + " within " + timeout.toSeconds()
                            + "s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    /** A consumer with no group that commits nothing, named {@code ferry-hub-<purpose>}. */
    KafkaConsumer<byte[], byte[]> consumer(String purpose, Map<String, Object> overrides) {
        Map<String, Object> props = properties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-hub-" + purpose);
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> properties(String kind) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties(kind));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** Closes a consumer the hub made, waiting at most 2 s, whatever the cluster does; null is nothing to close. */
    static void closeQuietly(Consumer<?, ?> consumer) {
        if (consumer == null) {
            return;
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        } catch (KafkaException e) {
            // closing anyway: nothing of it is needed any more
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
