package dev.ferry.engine.internal;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.Durations;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.StatusReport;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one app instance says about itself, on two compacted topics under the key
 * {@code <app>/<instance>}: its {@link AppAnnouncement} on the announcement topic (what it is: at
 * start, whenever it changes, and with {@code stopped} on a clean stop), and its
 * {@link StatusReport} on the status topic (how it is: at start, on every change of state, as a
 * heartbeat, and a last one on a clean stop). The hub's catalog and {@code ferry apps} read the
 * first; {@code ferry status} and {@code ferry show-failure} the second. Either topic may be off.
 *
 * <p>It never harms processing: callbacks only ask its own thread to report (coalesced, so a burst
 * of changes makes one record), the producer is its own (bounded waits), a failure to create a
 * topic or to write is logged once per topic and otherwise ignored, and no reader needs to be
 * running. An announcement that could not be written is written again at the next heartbeat.
 * Threads: the callbacks run on the consumers' threads; everything else on the reporter's own.
 */
final class InstanceReporter implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceReporter.class);
    private static final Duration TOPIC_CREATION = Duration.ofSeconds(10);

    private final String app;
    private final AppInstance instance;
    private final Duration heartbeat;
    private final Supplier<AppStatus> status;
    private final Supplier<Producer<String, String>> producers;
    private final Supplier<Admin> admins;
    private final Channel statusChannel;
    private final Channel announceChannel;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile AppAnnouncement announcement;
    /** Reporter thread only: the announcement last sent and not known to have failed. */
    private AppAnnouncement sent;
    private Producer<String, String> producer;

    /**
     * A reporter of {@code app}'s {@code status} to {@code statusTopic} and of its announcement (see
     * {@link #announce}) to {@code announceTopic}, either empty for none, writing with the producer
     * {@code producers} makes and creating the topics with an admin client of {@code admins}.
     */
    InstanceReporter(String app, Optional<String> statusTopic, Optional<String> announceTopic, AppInstance instance,
                     Duration heartbeat, Supplier<AppStatus> status, Supplier<Producer<String, String>> producers,
                     Supplier<Admin> admins) {
        this.app = app;
        this.instance = instance;
        this.heartbeat = heartbeat;
        this.status = status;
        this.producers = producers;
        this.admins = admins;
        this.statusChannel = statusTopic.map(t -> new Channel(t, "status", "status.topic")).orElse(null);
        this.announceChannel = announceTopic.map(t -> new Channel(t, "announcement", "announce.topic")).orElse(null);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-" + app + "-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** The key of this instance's reports and announcements. */
    String key() {
        return StatusReport.key(app, instance.name());
    }

    /**
     * What the instance announces from now on: written at start, or soon if it differs (apart from
     * when it was made) from what was written.
     */
    void announce(AppAnnouncement a) {
        announcement = a;
        changed();
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
    public void storeUnavailable(int consumer, Instant since, String reason) {
        changed();
    }

    @Override
    public void storeAvailable(int consumer, Duration unavailableFor) {
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
            } catch (RejectedExecutionException e) {
                pending.set(false); // closed
            }
        }
    }

    /**
     * Writes the last report and announcement (the instance stopped) and closes, within {@code max}:
     * what is not written by then is given up.
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
            LOG.warn("app '{}': its last status report and announcement were not written within {}: {}", app,
                    Durations.format(max), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            return; // closed already
        } finally {
            thread.shutdownNow();
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
        }
    }

    private void open() {
        createTopics();
        try {
            producer = producers.get();
        } catch (RuntimeException e) {
            LOG.warn("app '{}': cannot report its status or announce itself ({}); the app goes on without them", app,
                    e.toString());
            return;
        }
        report(false);
    }

    /** Creates the topics compacted if they are missing; says once for each it cannot. */
    private void createTopics() {
        List<Channel> channels = new ArrayList<>(2);
        for (Channel c : new Channel[] {statusChannel, announceChannel}) {
            if (c != null) {
                channels.add(c);
            }
        }
        try (Admin admin = admins.get()) {
            var results = admin.createTopics(channels.stream().map(c -> new NewTopic(c.topic, Optional.empty(),
                    Optional.empty()).configs(Map.of("cleanup.policy", "compact"))).toList()).values();
            for (Channel c : channels) {
                c.created(results.get(c.topic));
            }
        } catch (RuntimeException e) {
            channels.forEach(c -> c.notCreated(e));
        }
    }

    private void report(boolean last) {
        if (producer == null) {
            return;
        }
        Instant now = Instant.now();
        if (statusChannel != null) {
            try {
                StatusReport report = new StatusReport(StatusReport.VERSION, app, instance.name(), instance.host(),
                        instance.pid(), now, heartbeat, last, status.get());
                statusChannel.send(report.toJson(), () -> { });
            } catch (RuntimeException e) {
                statusChannel.warnOnce(e);
            }
        }
        if (announceChannel != null) {
            AppAnnouncement a = announcement;
            if (a != null && (last || sent == null || !sameApartFromTime(a, sent))) {
                AppAnnouncement written = last ? a.stoppedAt(now) : at(a, now);
                sent = written;
                announceChannel.send(written.toJson(), () -> {
                    if (sent == written) {
                        sent = null; // the next report writes it again
                    }
                });
            }
        }
    }

    private static boolean sameApartFromTime(AppAnnouncement a, AppAnnouncement b) {
        return a.equals(at(b, a.announcedAt()));
    }

    /** {@code a}, announced at {@code t}. */
    private static AppAnnouncement at(AppAnnouncement a, Instant t) {
        return new AppAnnouncement(a.version(), a.app(), a.description(), a.owner(), a.appVersion(), a.instance(),
                a.host(), a.pid(), a.inputs(), a.inputFormat(), a.outputs(), a.guarantee(), a.writeBack(), a.runbook(),
                a.monitoring(), a.startedAt(), t, a.stopped());
    }

    /** One of the two topics: its name, what it carries, and whether its failure was logged. */
    private final class Channel {
        final String topic;
        final String what;
        final String key;
        final AtomicBoolean warned = new AtomicBoolean();

        Channel(String topic, String what, String key) {
            this.topic = topic;
            this.what = what;
            this.key = key;
        }

        /** Sends a record; {@code failed} runs (on the producer's thread) if it is not written. */
        void send(String json, Runnable failed) {
            try {
                producer.send(new ProducerRecord<>(topic, key(), json), (meta, e) -> {
                    if (e != null) {
                        warnOnce(e);
                        try {
                            thread.execute(failed);
                        } catch (RejectedExecutionException closed) {
                            // stopped: nothing more is written
                        }
                    }
                });
            } catch (RuntimeException e) {
                warnOnce(e);
                failed.run();
            }
        }

        void created(org.apache.kafka.common.KafkaFuture<Void> result) {
            try {
                result.get(TOPIC_CREATION.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("app '{}': created the {} topic '{}' (cleanup.policy=compact)", app, what, topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    // least privilege: the app may write the topic without being allowed to create it; a
                    // cluster answers so whether or not the topic exists, and a failed write says so
                    LOG.debug("app '{}': may not create the {} topic '{}'; writes to it", app, what, topic);
                } else if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.warn("app '{}': cannot create the {} topic '{}' ({}); its {} is written there if it exists: "
                            + "create it with cleanup.policy=compact, or set {} to an existing one", app, what, topic,
                            e.getCause().toString(), what, key);
                }
            } catch (TimeoutException | RuntimeException e) {
                notCreated(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void notCreated(Exception e) {
            LOG.warn("app '{}': cannot create the {} topic '{}' ({}); its {} is written there if it exists", app, what,
                    topic, e.toString(), what);
        }

        void warnOnce(Exception e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("app '{}': cannot write its {} to '{}' ({}); the app goes on, and later failures are not "
                        + "logged", app, what, topic, e.toString());
            }
        }
    }
}
