package dev.ferry.proxy;

import dev.ferry.engine.AppAnnouncement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy knows of the apps: the outputs each declared, with their formats and schemas, and
 * which app owns each topic, from the apps' own {@link AppAnnouncement}s on the announce topic, read
 * from its beginning and then followed on a thread of its own. An app's latest announcement of a
 * topic gives its schema; the first app the proxy reads announcing a topic owns it, so an app that
 * later declares the same topic cannot write it (the config file's {@code topics} pins an owner for
 * good, whatever the topic's history and compaction).
 *
 * <p>Announcements are written as an app starts, so its first write may come before the proxy has
 * read it: {@link #awaitFresh} waits until the catalog has read the topic up to its end as of the
 * call.
 */
final class Catalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * One output an app declared.
     *
     * @param app         the app
     * @param output      the topic with its format and schema
     * @param announcedAt when the announcement saying so was written
     */
    record Declared(String app, AppAnnouncement.Output output, Instant announcedAt) {
    }

    private final String topic;
    private final Supplier<Consumer<String, String>> consumers;
    private final Map<String, Map<String, Declared>> byApp = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fresher = lock.newCondition();
    private final Thread thread;
    private volatile long freshAsOf;
    private volatile boolean everFresh;
    private volatile boolean closed;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Consumer<String, String> consumer;

    /** A catalog of the announcements on {@code topic}, read with consumers from {@code consumers}. */
    Catalog(String topic, Supplier<Consumer<String, String>> consumers) {
        this.topic = topic;
        this.consumers = consumers;
        this.thread = new Thread(this::follow, "ferry-proxy-catalog");
        thread.setDaemon(true);
    }

    /** Starts reading. */
    Catalog start() {
        thread.start();
        return this;
    }

    /** The announce topic's name, for messages. */
    String topic() {
        return topic;
    }

    /** What {@code app} declared for {@code output}, if it did. */
    Optional<Declared> declared(String app, String output) {
        Map<String, Declared> outputs = byApp.get(app);
        return Optional.ofNullable(outputs == null ? null : outputs.get(output));
    }

    /** Whether {@code app} has announced itself. */
    boolean knows(String app) {
        return byApp.containsKey(app);
    }

    /** The outputs {@code app} declared, sorted. */
    List<String> outputs(String app) {
        Map<String, Declared> outputs = byApp.get(app);
        return outputs == null ? List.of() : outputs.keySet().stream().sorted().toList();
    }

    /** The app that owns {@code output} in the catalog: the first to announce it. */
    Optional<String> owner(String output) {
        return Optional.ofNullable(owners.get(output));
    }

    /**
     * Waits, up to {@code wait}, until the catalog has read every announcement written before this call.
     *
     * @return whether it has
     */
    boolean awaitFresh(Duration wait) {
        long asked = System.nanoTime();
        long deadline = asked + wait.toNanos();
        lock.lock();
        try {
            while (!everFresh || freshAsOf - asked < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                fresher.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Adds one announcement, as read. */
    void add(AppAnnouncement a) {
        Map<String, Declared> outputs = byApp.computeIfAbsent(a.app(), k -> new ConcurrentHashMap<>());
        for (AppAnnouncement.Output o : a.outputs()) {
            outputs.merge(o.topic(), new Declared(a.app(), o, a.announcedAt()),
                    (old, now) -> now.announcedAt().isBefore(old.announcedAt()) ? old : now);
            String owner = owners.putIfAbsent(o.topic(), a.app());
            if (owner != null && !owner.equals(a.app())) {
                LOG.warn("app '{}' announces output topic '{}', which app '{}' announced first and owns; the proxy "
                        + "refuses its writes to it", a.app(), o.topic(), owner);
            }
        }
    }

    private void follow() {
        while (!closed) {
            try (Consumer<String, String> c = consumers.get()) {
                consumer = c;
                if (closed) {
                    return;
                }
                read(c);
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (!closed) {
                    LOG.warn("the proxy's catalog cannot read topic '{}' ({}); trying again", topic, e.toString());
                    pause();
                }
            }
        }
    }

    private void read(Consumer<String, String> c) {
        List<TopicPartition> partitions = partitions(c);
        c.assign(partitions);
        c.seekToBeginning(partitions);
        LOG.info("the proxy's catalog reads the announcements on topic '{}' ({} partition(s))", topic,
                partitions.size());
        while (!closed) {
            long started = System.nanoTime();
            for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                if (r.value() == null) {
                    continue;
                }
                try {
                    add(AppAnnouncement.parse(r.value()));
                } catch (IllegalArgumentException e) {
                    LOG.debug("skipping a record on '{}' that is not an announcement: {}", topic, e.getMessage());
                }
            }
            if (caughtUp(c, partitions)) {
                if (!everFresh) {
                    LOG.info("the proxy's catalog has read topic '{}' to its end: {} app(s), {} output topic(s)", topic,
                            byApp.size(), owners.size());
                }
                fresh(started);
            }
        }
    }

    private List<TopicPartition> partitions(Consumer<String, String> c) {
        while (!closed) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> out = new ArrayList<>();
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                return out;
            }
            pause();
        }
        throw new WakeupException();
    }

    private static boolean caughtUp(Consumer<String, String> c, List<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            OptionalLong lag = c.currentLag(p);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    private void fresh(long asOf) {
        lock.lock();
        try {
            freshAsOf = asOf;
            everFresh = true;
            fresher.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void pause() {
        try {
            closing.await(POLL.toMillis() * 5, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup(); // ends a poll or a partitionsFor under way; interrupting would spoil the consumer's close
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
