package dev.ferry.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;

/**
 * A real, single-node Apache Kafka broker running inside this JVM.
 *
 * <p>It exists because dev mode and tests need a genuine broker (transactions, consumer groups, restarts)
 * without Docker and without downloading a Kafka distribution: everything comes from the Maven artifacts.
 * It is deliberately small: one node that is both KRaft controller and broker, reachable over
 * plaintext on {@code localhost} (and over the extra listeners a test asks for, such as SASL_SSL:
 * {@link Builder#listener}), creating no topics on its own.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().start()) {
 *     kafka.createTopic("orders", 3);
 *     // point clients at kafka.bootstrapServers()
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static {
        // Kafka's server halts the whole JVM on a fatal error; embedded in an app or a test JVM that would
        // kill the host without a word. Throw in the failing Kafka thread instead, and say why.
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("the embedded Kafka broker hit a fatal error (status " + status + "): " + message);
        });
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("the embedded Kafka broker asked to exit (status " + status + "): " + message);
        });
    }

    private final DataDirectory dataDirectory;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> brokerProperties;
    private final Map<String, String> adminProperties;
    private final Map<String, BrokerSettings.ExtraListener> listeners;

    private RunningBroker running;
    private boolean closed;

    private EmbeddedKafkaBroker(DataDirectory dataDirectory, int port, int controllerPort, Map<String, String> brokerProperties,
                                Map<String, String> adminProperties, Map<String, BrokerSettings.ExtraListener> listeners) {
        this.listeners = listeners;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.brokerProperties = brokerProperties;
        this.adminProperties = adminProperties;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code localhost:PORT}; it stays the same across {@link #restart()}. */
    public String bootstrapServers() {
        return FreePorts.HOST + ":" + port;
    }

    /**
     * The address of a listener added with {@link Builder#listener}, {@code localhost:PORT}; it stays
     * the same across {@link #restart()}.
     */
    public String bootstrapServers(String listener) {
        BrokerSettings.ExtraListener l = listeners.get(listener);
        if (l == null) {
            throw new IllegalArgumentException("The embedded Kafka broker has no listener '" + listener + "'; it has "
                    + listeners.keySet() + " besides its plaintext one.");
        }
        return FreePorts.HOST + ":" + l.port();
    }

    /** The directory that holds the broker's logs and metadata. */
    public Path dataDirectory() {
        return dataDirectory.path();
    }

    /**
     * Creates the topic unless it already exists (with any number of partitions), then waits until clients
     * can see it with a leader for every partition.
     */
    public synchronized void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A topic name must not be blank.");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic '" + name + "' needs at least one partition, not " + partitions + ".");
        }
        TopicCreator.create(requireRunning().admin(), name, partitions, ADMIN_TIMEOUT);
    }

    /** Stops the broker and keeps its data, so that {@link #restart()} picks up where it left off. Does nothing if already stopped. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            running.stop();
        } finally {
            running = null;
        }
        log.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers(), millisSince(started));
    }

    /** Stops the broker if it runs, then starts it again on the same ports and the same data. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka broker on " + bootstrapServers() + " is closed and cannot be restarted.");
        }
        stop();
        startServer();
    }

    /** Stops the broker and deletes its data directory if it was a temporary one. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            dataDirectory.unlock();
            dataDirectory.deleteIfTemporary();
        }
    }

    private void startServer() {
        long started = System.nanoTime();
        FreePorts.requireFree(port, "the Kafka client listener");
        FreePorts.requireFree(controllerPort, "the KRaft controller listener");
        listeners.forEach((name, l) -> FreePorts.requireFree(l.port(), "the " + name + " listener"));
        KafkaConfig config = kafkaConfig();
        StorageFormat.formatIfNeeded(config, dataDirectory);
        running = RunningBroker.start(config, bootstrapServers(), adminProperties, START_TIMEOUT);
        log.info("Embedded Kafka broker ready on {} in {} ms (data in {})", bootstrapServers(), millisSince(started), dataDirectory.path());
    }

    private KafkaConfig kafkaConfig() {
        try {
            return KafkaConfig.fromProps(BrokerSettings.of(dataDirectory.path(), port, controllerPort, listeners, brokerProperties,
                    START_TIMEOUT.toMillis()), false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("The embedded Kafka broker configuration is invalid: " + e.getMessage(), e);
        }
    }

    private RunningBroker requireRunning() {
        if (running == null) {
            throw new IllegalStateException("The embedded Kafka broker on " + bootstrapServers() + " is not running.");
        }
        return running;
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    /** Collects the few choices a caller may make before the broker starts; everything else has a dev-friendly default. */
    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, String> adminProperties = new LinkedHashMap<>();
        private final Map<String, String> listeners = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code dir} so that it survives across runs. A directory formatted by an
         * earlier run is reused as is. Without this, a fresh temporary directory is used and deleted on close.
         */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Listens for clients on this port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("A port must be between 0 and 65535, not " + port + ".");
            }
            this.port = port;
            return this;
        }

        /** Overrides one Kafka broker setting, for the rare test that needs it. Overriding listeners or node.id breaks the broker. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a client listener on a free port of its own, such as {@code SECURE} with
         * {@code SASL_SSL}, beside the plaintext one (which stays the inter-broker listener and the one
         * the broker's own admin client uses). Its settings go in {@link #brokerProperty}, as Kafka
         * names them ({@code listener.name.secure.ssl.client.auth}, {@code ssl.keystore.location},
         * {@code sasl.enabled.mechanisms}); {@link EmbeddedKafkaBroker#bootstrapServers(String)} gives its address.
         */
        public Builder listener(String name, String securityProtocol) {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals(BrokerSettings.CLIENT_LISTENER)
                    || name.equals(BrokerSettings.CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("A listener name must be upper-case letters, digits and '_', and "
                        + "neither PLAINTEXT nor CONTROLLER, not '" + name + "'.");
            }
            listeners.put(name, Objects.requireNonNull(securityProtocol, "securityProtocol"));
            return this;
        }

        /**
         * Sets one property of the broker's own admin client (readiness checks, {@link #createTopic}): the
         * credentials it needs when {@link #brokerProperty} puts SASL on the client listener, e.g.
         * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} of a super user.
         */
        public Builder adminClientProperty(String key, String value) {
            adminProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Formats the data directory if needed, starts the broker and returns once clients can use it.
         *
         * @throws IllegalStateException if the port is taken or the broker does not become ready in time
         * @throws IllegalArgumentException if the data directory is a file or a broker property is invalid
         */
        public EmbeddedKafkaBroker start() {
            DataDirectory dir = dataDirectory == null ? DataDirectory.temporary() : DataDirectory.given(dataDirectory);
            dir.lock();
            try {
                int brokerPort = port == 0 ? FreePorts.pick(-1) : port;
                int controllerPort = FreePorts.pick(brokerPort);
                Map<String, BrokerSettings.ExtraListener> extra = new LinkedHashMap<>();
                java.util.Set<Integer> taken = new java.util.HashSet<>(java.util.List.of(brokerPort, controllerPort));
                listeners.forEach((name, protocol) -> {
                    int p = FreePorts.pick(brokerPort);
                    while (!taken.add(p)) {
                        p = FreePorts.pick(brokerPort);
                    }
                    extra.put(name, new BrokerSettings.ExtraListener(p, protocol));
                });
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, brokerPort, controllerPort, Map.copyOf(brokerProperties),
                        Map.copyOf(adminProperties), java.util.Collections.unmodifiableMap(extra));
                broker.startServer();
                return broker;
            } catch (RuntimeException e) {
                try {
                    dir.unlock();
                    dir.deleteIfTemporary();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }
}
