package dev.ferry.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The broker configuration of a single-node dev/test broker: starts fast, keeps little, creates nothing by itself. */
final class BrokerSettings {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";

    private BrokerSettings() {
    }

    static Properties of(Path dataDir, int port, int controllerPort, Map<String, String> overrides, long startupTimeoutMs) {
        Map<String, String> settings = new LinkedHashMap<>();
        String host = FreePorts.HOST;

        // One node that is both the KRaft controller and the broker, with a static voter set:
        // the voter endpoint lives in the config, not in the metadata log, so ports may change between runs.
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        settings.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        settings.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("log.dirs", dataDir.toString());
        settings.put("server.max.startup.time.ms", String.valueOf(startupTimeoutMs));

        // A single replica everywhere, including the internal topics behind groups and transactions.
        settings.put("num.partitions", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("share.coordinator.state.topic.num.partitions", "1");

        // Ferry creates its topics explicitly; a missing topic must stay missing.
        settings.put("auto.create.topics.enable", "false");
        settings.put("group.initial.rebalance.delay.ms", "0");

        // Light on threads and memory: many of these may run one after another in a test JVM.
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        settings.put("background.threads", "4");
        settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        settings.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }
}
