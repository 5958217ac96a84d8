package dev.ferry.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one consumer hears from its Kafka cluster, judged on the poll thread from what the
 * consumer receives anyway: its client's count of bytes read off all its sockets (the
 * {@code consumer-metrics} metric {@code incoming-byte-total}), at no cost to the broker.
 *
 * <p>A consumer that owns partitions hears from the cluster every few seconds when all is well:
 * fetch responses (at least every {@code fetch.max.wait.ms}, Ferry's default 3 s, even with nothing new),
 * heartbeat responses (every {@code heartbeat.interval.ms}, 3 s) and, for partitions that are paused
 * (a full pipeline, a halt), the lag sampler's {@code endOffsets} once a second. So when it has
 * received nothing at all for twice the longest of those waits ({@link #silenceBound}), the cluster
 * cannot be reached: the brokers are down, paused, or cut off. A consumer with no partitions is not
 * judged (it may rightly hear nothing while the group's coordinator holds its join request during a
 * rebalance), but once judged unreachable it stays so until it hears from the cluster again.
 *
 * <p>Each change is logged once and told to the app's listeners, which keep it in the status.
 */
final class ClusterContact {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterContact.class);

    /** How often the byte count is read. */
    static final Duration CHECK_PERIOD = Duration.ofMillis(250);

    /** The shortest silence that counts: a few lag samples' worth. */
    static final Duration MIN_SILENCE = Duration.ofSeconds(3);

    /** The heartbeat interval of the consumer group protocol, which the broker sets: its default. */
    private static final long CONSUMER_PROTOCOL_HEARTBEAT_MS = 5_000;

    /**
     * What a consumer may expect of its cluster.
     *
     * @param servers      the bootstrap servers, for messages
     * @param silenceBound how long it may hear nothing before the cluster counts as unreachable
     */
    record Expectation(String servers, Duration silenceBound) {

        /** What a consumer with this configuration may expect (see {@link ClusterContact#silenceBound}). */
        static Expectation of(Map<String, Object> consumerConfig) {
            return new Expectation(String.valueOf(consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)),
                    ClusterContact.silenceBound(consumerConfig));
        }
    }

    private final String app;
    private final int index;
    private final Consumer<?, ?> consumer;
    private final Listeners listeners;
    private final long boundNanos;
    private final String servers;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private Metric received;
    private boolean noMetric;
    private double lastBytes = Double.NaN;
    private long silentSinceNanos;
    private long lastHeardMillis;
    private long lastCheckNanos;
    private boolean unreachable;

    ClusterContact(String app, int index, Consumer<?, ?> consumer, Listeners listeners, Expectation expected) {
        this(app, index, consumer, listeners, expected, System::nanoTime, Clock.systemUTC());
    }

    /** A contact that tells time by {@code nanoTime} (elapsed) and {@code clock} (when), for tests. */
    ClusterContact(String app, int index, Consumer<?, ?> consumer, Listeners listeners, Expectation expected,
                   LongSupplier nanoTime, Clock clock) {
        this.app = app;
        this.index = index;
        this.consumer = consumer;
        this.listeners = listeners;
        this.boundNanos = expected.silenceBound().toNanos();
        this.servers = expected.servers();
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.silentSinceNanos = nanoTime.getAsLong();
        this.lastHeardMillis = clock.millis();
        this.lastCheckNanos = silentSinceNanos - CHECK_PERIOD.toNanos();
    }

    /**
     * How long a consumer with this configuration may hear nothing before its cluster counts as
     * unreachable: twice the longest wait between two responses of a healthy cluster (the heartbeat
     * interval, the fetch wait), and at least {@link #MIN_SILENCE}. With Kafka's defaults, 6 s; with
     * the consumer group protocol, whose heartbeat interval is the broker's (5 s by default), 10 s.
     */
    static Duration silenceBound(Map<String, Object> config) {
        boolean consumerProtocol = "consumer".equals(String.valueOf(
                config.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")).trim().toLowerCase(Locale.ROOT));
        long heartbeat = consumerProtocol ? CONSUMER_PROTOCOL_HEARTBEAT_MS
                : millis(config, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        long fetchWait = millis(config, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        return Duration.ofMillis(Math.max(MIN_SILENCE.toMillis(), 2 * Math.max(heartbeat, fetchWait)));
    }

    private static long millis(Map<String, Object> config, String key, long otherwise) {
        Object v = config.get(key);
        try {
            return v == null ? otherwise : Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return otherwise; // the consumer itself rejects it
        }
    }

    /** Reads the byte count if a check is due, and says so if the cluster went away or came back. */
    void check() {
        if (nanoTime.getAsLong() - lastCheckNanos >= CHECK_PERIOD.toNanos()) {
            checkNow();
        }
    }

    /**
     * Reads the byte count now: from a rebalance callback, so that the cluster's return is told
     * before what the group did on it.
     */
    void checkNow() {
        long now = nanoTime.getAsLong();
        lastCheckNanos = now;
        double bytes = bytesReceived();
        if (Double.isNaN(bytes)) {
            return; // a client without the metric: nothing to judge by
        }
        if (bytes != lastBytes) {
            lastBytes = bytes;
            heard(now);
        } else if (!unreachable && consumer.assignment().isEmpty()) {
            silentSinceNanos = now; // nothing owed to it: the silence counts from when it has partitions
        } else if (!unreachable && now - silentSinceNanos >= boundNanos) {
            unreachable = true;
            Instant since = Instant.ofEpochMilli(lastHeardMillis);
            LOG.warn("app '{}': consumer {} cannot reach the Kafka cluster ({}): nothing received from it for {}s. Its "
                    + "work waits and nothing past it is committed; the app is not ready until the cluster answers "
                    + "again", app, index, servers, Duration.ofNanos(now - silentSinceNanos).toSeconds());
            listeners.clusterUnreachable(index, since);
        }
    }

    private void heard(long now) {
        if (unreachable) {
            unreachable = false;
            Duration down = Duration.ofMillis(clock.millis() - lastHeardMillis);
            LOG.info("app '{}': consumer {} reaches the Kafka cluster again, after {}s without", app, index,
                    down.toSeconds());
            listeners.clusterReachable(index, down);
        }
        silentSinceNanos = now;
        lastHeardMillis = clock.millis();
    }

    private double bytesReceived() {
        if (received == null && !noMetric) {
            for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                if (e.getKey().name().equals("incoming-byte-total") && e.getKey().group().equals("consumer-metrics")) {
                    received = e.getValue();
                }
            }
            noMetric = received == null;
        }
        if (received == null) {
            return Double.NaN;
        }
        Object v = received.metricValue();
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
