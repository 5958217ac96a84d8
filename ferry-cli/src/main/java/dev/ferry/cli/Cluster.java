package dev.ferry.cli;

import dev.ferry.engine.OnCallCluster;
import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka cluster a tool command (produce, tail) talks to, and where its address came from:
 * --bootstrap-server, else the platform profile (if it has any kafka.* setting, it must name the
 * cluster), else the dev broker's .ferry/bootstrap file.
 *
 * @param bootstrapServers the address
 * @param source           where it came from, for messages
 * @param dev              whether it is a dev broker (then missing topics may be created)
 * @param profile          the profile whose client settings apply, or null for a dev broker
 */
record Cluster(String bootstrapServers, String source, boolean dev, PlatformProfile profile) {

    static final String NONE = "no Kafka cluster: start one with `ferry run ...` or `ferry broker`, "
            + "or set FERRY_KAFKA_BOOTSTRAP_SERVERS";
    private static final Duration DEV_TIMEOUT = Duration.ofSeconds(10);

    static Cluster resolve(String option, FerryCommand root) {
        PlatformProfile profile = Profiles.load(root.env, root.workDir, null);
        if (option != null) {
            return new Cluster(option, "--bootstrap-server", false, profile);
        }
        if (profile.configuresKafka()) { // a cluster's settings without its address fail here, saying so
            return new Cluster(profile.bootstrapServers(), profile.sourceOf("admin", "bootstrap.servers"), false, profile);
        }
        String published = DevBroker.published(root.workDir).orElseThrow(() -> new CliException(NONE));
        if (DevBroker.running(root.workDir).isEmpty()) {
            throw new CliException(NONE + " (" + DevBroker.DIRECTORY + "/bootstrap names " + published
                    + ", but no broker answers there any more)");
        }
        return new Cluster(published, DevBroker.DIRECTORY + "/bootstrap", true, null);
    }

    /** Client properties for one kind of client (consumer, producer, admin), with this address. */
    Map<String, Object> properties(String kind) {
        Map<String, Object> props = new HashMap<>();
        if (profile != null) {
            props.putAll(profile.kafkaProperties(kind));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** How long to wait for the cluster to answer. */
    Duration timeout() {
        return profile == null ? DEV_TIMEOUT : profile.startupTimeout();
    }

    /** "'localhost:9092' (from --bootstrap-server)", for messages. */
    String describe() {
        return "'" + bootstrapServers + "' (from " + source + ")";
    }

    /** The cluster as the engine's on-call actions ({@code EventSkip}, {@code OffsetReplay}) take it. */
    OnCallCluster onCall() {
        return new OnCallCluster(this::properties, timeout(), describe());
    }
}
