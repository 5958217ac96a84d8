package dev.ferry.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/** One run of the Kafka server, from startup until shutdown, with the admin client that talks to it. */
final class RunningBroker {

    private final KafkaRaftServer server;
    private final Admin admin;

    private RunningBroker(KafkaRaftServer server, Admin admin) {
        this.server = server;
        this.admin = admin;
    }

    /** Starts the server and returns once a client can describe the cluster, or throws if that takes longer than {@code timeout}. */
    static RunningBroker start(KafkaConfig config, String bootstrapServers, Map<String, String> adminProperties,
                               Duration timeout) {
        long deadline = Poll.deadline(timeout);
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The embedded Kafka broker could not be set up: " + describe(e), e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutDownQuietly(server, e);
            throw new IllegalStateException("The embedded Kafka broker on " + bootstrapServers + " failed to start: "
                    + describe(e), e);
        }
        Map<String, Object> adminConfig = new java.util.HashMap<>(adminProperties);
        adminConfig.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ferry-embedded-broker-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
        Admin admin = Admin.create(adminConfig);
        if (!Poll.until(deadline, () -> clusterIsVisible(admin, deadline))) {
            IllegalStateException failure = new IllegalStateException("The embedded Kafka broker on " + bootstrapServers
                    + " did not become ready within " + timeout.toSeconds() + " seconds: a client could not describe the cluster.");
            admin.close(Duration.ZERO);
            shutDownQuietly(server, failure);
            throw failure;
        }
        return new RunningBroker(server, admin);
    }

    Admin admin() {
        return admin;
    }

    void stop() {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static boolean clusterIsVisible(Admin admin, long deadline) {
        long leftMs = Math.max(1, Poll.left(deadline).toMillis());
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, Integer.MAX_VALUE)))
                    .nodes().get(leftMs, TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker to become ready.", e);
        }
    }

    private static void shutDownQuietly(KafkaRaftServer server, Exception cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (caused by: " + message + ")";
    }
}
