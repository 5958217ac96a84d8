package dev.ferry.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ferry.broker.EmbeddedKafkaBroker;

/**
 * Gives a test class its own real Kafka broker, so integration tests need neither Docker nor a shared cluster.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 *
 * @Test
 * void copies_orders() {
 *     String orders = kafka.uniqueTopic("orders");
 *     kafka.createTopic(orders, 3);
 *     // point the code under test at kafka.bootstrapServers()
 * }
 * }</pre>
 *
 * <p>Registered on a static field (the documented way), one broker serves every test of the class, including
 * its {@code @Nested} classes, and is closed after the class. Registered on an instance field, each test gets
 * a broker of its own. Tests of one class share the broker, so each should use {@link #uniqueTopic(String)}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private EmbeddedKafkaBroker broker;
    private int classLevels;
    private boolean startedForOneTest;

    /**
     * Sets a property of the broker this extension starts, where a test needs the cluster configured
     * differently (e.g. {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}). Call it
     * where the extension is registered, before its broker starts:
     * {@code new EmbeddedKafkaExtension().brokerProperty("key", "value")}.
     *
     * @throws IllegalStateException if the broker already runs
     */
    public synchronized EmbeddedKafkaExtension brokerProperty(String key, String value) {
        if (broker != null) {
            throw new IllegalStateException("The embedded Kafka broker already runs, so broker property '" + key
                    + "' cannot be set any more; set it where the extension is registered.");
        }
        brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    private EmbeddedKafkaBroker startBroker() {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        brokerProperties.forEach(builder::brokerProperty);
        return builder.start();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (classLevels == 0) {
            broker = startBroker();
        }
        classLevels++;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (classLevels == 0) {
            return;
        }
        classLevels--;
        if (classLevels == 0) {
            closeBroker();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (broker == null) {
            broker = startBroker();
            startedForOneTest = true;
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            startedForOneTest = false;
            closeBroker();
        }
    }

    /** The running broker, for what the shortcuts here do not cover, such as {@code restart()}. */
    public synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("The embedded Kafka broker is not running. Register the extension with "
                    + "@RegisterExtension on a static field, and use it from tests or @BeforeAll/@BeforeEach methods.");
        }
        return broker;
    }

    /** Where the code under test should connect, {@code localhost:PORT}. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates the topic unless it exists, and returns once clients can see it. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions);
    }

    /**
     * Plain clients for this broker: produce, read back, committed offsets, and starting an app
     * with a test profile ({@code kafka.client().start(MyApp.class)}).
     */
    public TestKafka client() {
        return new TestKafka(bootstrapServers());
    }

    /** A topic name no other test uses: {@code prefix} followed by a dash and a short random suffix. Creates nothing. */
    public String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void closeBroker() {
        try {
            broker.close();
        } finally {
            broker = null;
        }
    }
}
