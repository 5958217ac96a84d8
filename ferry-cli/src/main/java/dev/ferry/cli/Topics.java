package dev.ferry.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Looks up (and on a dev broker creates) the topic a tool command works on. */
final class Topics {

    static final int DEV_PARTITIONS = 3;

    private Topics() {
    }

    /**
     * The topic's partition count. A missing topic is created with {@value #DEV_PARTITIONS} partitions
     * when {@code create} is set and the cluster is a dev broker, else it is an error naming the topic.
     */
    static int partitions(Cluster cluster, String topic, boolean create) {
        Map<String, Object> props = cluster.properties("admin");
        int timeoutMs = (int) Math.max(1000, cluster.timeout().toMillis());
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ferry-cli");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        try (Admin admin = Admin.create(props)) {
            return describe(admin, cluster, topic, timeoutMs)
                    .orElseGet(() -> missing(admin, cluster, topic, create, timeoutMs));
        } catch (KafkaException e) {
            throw new CliException("cannot connect to Kafka at " + cluster.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Integer> describe(Admin admin, Cluster cluster, String topic, int timeoutMs) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw unreachable(cluster, timeoutMs, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(cluster, timeoutMs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while looking up topic '" + topic + "'", e);
        }
    }

    private static int missing(Admin admin, Cluster cluster, String topic, boolean create, int timeoutMs) {
        if (!create || !cluster.dev()) {
            throw new CliException("topic '" + topic + "' does not exist on " + cluster.describe()
                    + (create ? ": create it first (the platform team owns partitioning)" : ""));
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, DEV_PARTITIONS, (short) 1))).all()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new CliException("could not create topic '" + topic + "' on " + cluster.describe() + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw unreachable(cluster, timeoutMs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while creating topic '" + topic + "'", e);
        }
        return DEV_PARTITIONS;
    }

    private static CliException unreachable(Cluster cluster, int timeoutMs, Throwable cause) {
        String hint = cluster.dev()
                ? ". The broker that wrote " + cluster.source() + " seems gone: start it again with `ferry broker`"
                : ". Check the address and that the cluster is up";
        return new CliException("cannot reach Kafka at " + cluster.describe() + " within " + timeoutMs / 1000 + "s: "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + hint,
                cause);
    }
}
