package dev.ferry.engine.internal;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.StatusReport;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one app instance's {@link StatusReport} to the status topic: at start, on every change
 * of state (assigned, revoked, failing, halted, skipped, losing or regaining the cluster, stopped),
 * as a heartbeat, and a last one on a clean stop. It is how {@code ferry status} and
 * {@code ferry show-failure} learn that an app halted, and at which event, from outside it.
 *
 * <p>It never harms processing: callbacks only ask its own thread to report (coalesced, so a burst
 * of changes makes one record), the producer is its own, and a failure to create the topic or to
 * write is logged once and otherwise ignored. No reader needs to be running.
 */
final class StatusReporter implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final Duration TOPIC_CREATION = Duration.ofSeconds(10);

    private final String app;
    private final String topic;
    private final AppInstance instance;
    private final Duration heartbeat;
    private final Supplier<AppStatus> status;
    private final Supplier<Producer<String, String>> producers;
    private final Supplier<Admin> admins;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean warnedWrite = new AtomicBoolean();
    private Producer<String, String> producer;

    /**
     * A reporter of {@code app}'s {@code status} to {@code topic}, writing with the producer
     * {@code producers} makes and creating the topic with an admin client of {@code admins}.
     */
    StatusReporter(String app, String topic, AppInstance instance, Duration heartbeat, Supplier<AppStatus> status,
                   Supplier<Producer<String, String>> producers, Supplier<Admin> admins) {
        this.app = app;
        this.topic = topic;
        this.instance = instance;
        this.heartbeat = heartbeat;
        this.status = status;
        this.producers = producers;
        this.admins = admins;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-" + app + "-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** The key of this instance's reports. */
    String key() {
        return StatusReport.key(app, instance.name());
    }

    @Override
    public void started() {
        thread.execute(this::open);
        thread.scheduleAtFixedRate(() -> report(false), heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void assigned(int consumer, Collection<Partition> partitions, int owned) {
        changed();
    }

    @Override
    public void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
        changed();
    }

    @Override
    public void retrying(int consumer, EventPosition position, int attempt, Duration backoff, String reason) {
        changed();
    }

    @Override
    public void halted(int consumer, EventPosition position, int attempts, String reason) {
        changed();
    }

    @Override
    public void skipped(int consumer, EventPosition position, String by, String reason) {
        changed();
    }

    @Override
    public void clusterUnreachable(int consumer, Instant since) {
        changed();
    }

    @Override
    public void clusterReachable(int consumer, Duration unreachableFor) {
        changed();
    }

    @Override
    public void stopped(int consumer) {
        changed();
    }

    /** Asks for a report soon; several asks before it is written make one. */
    private void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    pending.set(false);
                    report(false);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closed
            }
        }
    }

    /**
     * Writes the last report (the instance stopped) and closes, within {@code max}: what is not
     * written by then is given up.
     */
    void close(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            thread.submit(() -> {
                report(true);
                if (producer != null) {
                    producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    producer = null;
                }
            }).get(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("app '{}': its last status report to '{}' was not written within {}: {}", app, topic,
                    dev.ferry.engine.Durations.format(max), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed already
        } finally {
            thread.shutdownNow();
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
        }
    }

    private void open() {
        createTopic();
        try {
            producer = producers.get();
        } catch (RuntimeException e) {
            LOG.warn("app '{}': cannot report its status to '{}' ({}); the app goes on without reports", app, topic,
                    e.toString());
            return;
        }
        report(false);
    }

    /** Creates the status topic compacted if it is missing; says once if it cannot. */
    private void createTopic() {
        try (Admin admin = admins.get()) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(TOPIC_CREATION.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("app '{}': created the status topic '{}' (cleanup.policy=compact)", app, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("app '{}': cannot create the status topic '{}' ({}); its status is reported there if it "
                        + "exists: create it with cleanup.policy=compact, or set status.topic to an existing one",
                        app, topic, e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("app '{}': cannot create the status topic '{}' ({}); its status is reported there if it exists",
                    app, topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(boolean last) {
        if (producer == null) {
            return;
        }
        try {
            StatusReport report = new StatusReport(StatusReport.VERSION, app, instance.name(), instance.host(),
                    instance.pid(), Instant.now(), heartbeat, last, status.get());
            producer.send(new ProducerRecord<>(topic, key(), report.toJson()), (meta, e) -> {
                if (e != null) {
                    warnOnce(e);
                }
            });
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(Exception e) {
        if (warnedWrite.compareAndSet(false, true)) {
            LOG.warn("app '{}': cannot write its status to '{}' ({}); the app goes on, and later failures are not "
                    + "logged", app, topic, e.toString());
        }
    }
}
