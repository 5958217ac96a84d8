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
        return of(dataDir, port, controllerPort, Map.of(), overrides, startupTimeoutMs);
    }

    /**
     * As {@link #of(Path, int, int, Map, long)}, with extra client listeners: each a name, its port and
     * its security protocol ({@code SASL_SSL}, {@code SSL}, ...). The plaintext listener stays the
     * inter-broker one, so the broker never needs credentials of its own.
     */
    static Properties of(Path dataDir, int port, int controllerPort, Map<String, ExtraListener> extra,
                         Map<String, String> overrides, long startupTimeoutMs) {
        Map<String, String> settings = new LinkedHashMap<>();
        String host = FreePorts.HOST;

        // One node that is both the KRaft controller and the broker, with a static voter set:
        // the voter endpoint lives in the config, not in the metadata log, so ports may change between runs.
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        StringBuilder listeners = new StringBuilder(CLIENT_LISTENER + "://" + host + ":" + port);
        StringBuilder advertised = new StringBuilder(CLIENT_LISTENER + "://" + host + ":" + port);
        StringBuilder protocols = new StringBuilder(CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        extra.forEach((name, l) -> {
            listeners.append(',').append(name).append("://").append(host).append(':').append(l.port());
            advertised.append(',').append(name).append("://").append(host).append(':').append(l.port());
            protocols.append(',').append(name).append(':').append(l.protocol());
        });
        settings.put("listeners", listeners + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        settings.put("advertised.listeners", advertised.toString());
        settings.put("listener.security.protocol.map", protocols.toString());
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

    /** An extra client listener: its port and its security protocol. */
    record ExtraListener(int port, String protocol) {
    }
}
