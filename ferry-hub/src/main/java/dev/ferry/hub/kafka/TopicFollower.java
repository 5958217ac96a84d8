package dev.ferry.hub.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a few compacted topics (the announcements and status reports) from the beginning and keeps
 * up with them, with one groupless consumer: either once to their end ({@link #readToEnd}, for the
 * CLI) or on a thread of its own until closed ({@link #start}, for the hub). A topic that does not
 * exist yet is looked for again every {@code recheck}, so the hub may start before any app. Its
 * polls wait up to {@value #POLL_WAIT_MS} ms on the broker ({@code fetch.max.wait.ms}), so an idle
 * follower makes about {@code 60000 / POLL_WAIT_MS} fetches a minute.
 */
final class TopicFollower implements AutoCloseable {

    static final int POLL_WAIT_MS = 2000;

    private final ClusterAccess cluster;
    private final List<String> topics;
    private final Duration recheck;
    private final Consumer<ConsumerRecord<byte[], byte[]>> sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private Thread thread;

    TopicFollower(ClusterAccess cluster, List<String> topics, Duration recheck,
                  Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        this.cluster = cluster;
        this.topics = topics.stream().filter(t -> !t.isBlank()).distinct().toList();
        this.recheck = recheck;
        this.sink = sink;
        this.consumer = cluster.consumer("catalog", Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, POLL_WAIT_MS));
    }

    /** Reads every topic from its beginning to its end as it is now, then returns. */
    void readToEnd(Duration timeout) {
        assignNew();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, timeout);
        cluster.counts().count("consumer.endOffsets");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("cannot read " + topics + " on '"
                        + cluster.bootstrapServers() + "' to their end within " + timeout.toSeconds() + "s");
            }
            pollOnce(Duration.ofMillis(200));
        }
        caughtUp = true;
    }

    /** Follows the topics on a daemon thread until {@link #close()}. */
    void start() {
        thread = new Thread(this::follow, "ferry-hub-catalog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether everything that was on the topics when they were first read has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    private void follow() {
        long nextCheck = 0;
        Map<TopicPartition, Long> ends = Map.of();
        while (running) {
            try {
                if (System.nanoTime() >= nextCheck) {
                    if (assignNew() || !caughtUp) {
                        ends = consumer.endOffsets(assigned, cluster.timeout());
                        cluster.counts().count("consumer.endOffsets");
                    }
                    nextCheck = System.nanoTime() + recheck.toNanos();
                }
                pollOnce(Duration.ofMillis(POLL_WAIT_MS + 500));
                if (!caughtUp && reached(ends)) {
                    caughtUp = !assigned.isEmpty() || topicsMissing();
                }
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (!running) {
                    return;
                }
                nextCheck = 0; // try again: the cluster may be back
            }
        }
    }

    private boolean topicsMissing() {
        return assigned.stream().map(TopicPartition::topic).distinct().count() < topics.size();
    }

    private void pollOnce(Duration wait) {
        if (assigned.isEmpty()) {
            try {
                Thread.sleep(Math.min(wait.toMillis(), 500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            return;
        }
        cluster.counts().count("poll.catalog");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            sink.accept(r);
        }
    }

    /** Assigns the partitions that appeared since the last look, from their beginning; true if any did. */
    private boolean assignNew() {
        List<TopicPartition> found = new ArrayList<>();
        for (String t : topics) {
            cluster.counts().count("consumer.partitionsFor");
            List<PartitionInfo> infos = consumer.partitionsFor(t, cluster.timeout());
            if (infos != null) {
                infos.forEach(p -> found.add(new TopicPartition(t, p.partition())));
            }
        }
        List<TopicPartition> fresh = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (fresh.isEmpty()) {
            return false;
        }
        assigned.addAll(fresh);
        consumer.assign(assigned);
        consumer.seekToBeginning(fresh);
        return true;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> copy = new HashMap<>(ends);
        return copy.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ClusterAccess.closeQuietly(consumer);
    }
}
