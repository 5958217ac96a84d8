package dev.ferry.engine.internal;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.SkipRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a halted consumer reads to learn that on-call skipped its event ({@code ferry skip}): the
 * audit topic's {@link SkipRecord}s of its app, from the beginning, with a consumer of its own that
 * belongs to no group, {@linkplain #skipOf a little} between the halted loop's keep-alive polls. As
 * it reads from the beginning, a skip written before a restart or a rebalance is honoured by
 * whichever instance halts at the event next.
 *
 * <p>Poll thread only, like the consumer loop that owns it. Nothing is read until the first halt;
 * an audit topic that does not exist yet is looked for again every few seconds.
 */
final class SkipWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkipWatcher.class);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(2);
    private static final Duration METADATA = Duration.ofSeconds(5);

    private final String app;
    private final String topic;
    private final Supplier<Consumer<String, String>> consumers;
    private final Map<EventPosition, SkipRecord> skips = new HashMap<>();
    private Consumer<String, String> consumer;
    private boolean assigned;
    private long lookAgainAt;
    private boolean warned;

    /**
     * A watcher of {@code topic} for skips of {@code app}'s events, reading with the consumers
     * {@code consumers} makes (groupless, string keys and values).
     */
    SkipWatcher(String app, String topic, Supplier<Consumer<String, String>> consumers) {
        this.app = app;
        this.topic = topic;
        this.consumers = consumers;
    }

    /** The audit topic. */
    String topic() {
        return topic;
    }

    /** Reads what is new for up to {@code wait}, and returns the skip of {@code event}, if one was written. */
    Optional<SkipRecord> skipOf(EventPosition event, Duration wait) {
        if (!skips.containsKey(event) && open()) {
            try {
                read(consumer.poll(wait));
            } catch (WakeupException e) {
                // the loop is stopping
            } catch (RuntimeException e) {
                warnOnce(e);
            }
        }
        return Optional.ofNullable(skips.get(event));
    }

    private void read(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records) {
            if (!app.equals(r.key()) || r.value() == null) {
                continue;
            }
            try {
                SkipRecord skip = SkipRecord.parse(r.value());
                if (skip.app().equals(app)) {
                    skips.put(skip.event(), skip);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("app '{}': audit topic '{}' offset {}: {}", app, topic, r.offset(), e.getMessage());
            }
        }
    }

    /** Whether the audit topic is assigned, looking for it at most every few seconds. */
    private boolean open() {
        if (assigned) {
            return true;
        }
        if (System.nanoTime() - lookAgainAt < 0) {
            return false;
        }
        lookAgainAt = System.nanoTime() + LOOK_AGAIN.toNanos();
        try {
            if (consumer == null) {
                consumer = consumers.get();
            }
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA);
            if (partitions == null || partitions.isEmpty()) {
                return false; // no skip was ever written
            }
            List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            assigned = true;
            return true;
        } catch (RuntimeException e) {
            warnOnce(e);
            return false;
        }
    }

    private void warnOnce(RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.warn("app '{}': cannot read the audit topic '{}' for a skip of the event it halted at ({}); it stays "
                    + "halted and tries again (logged once)", app, topic, e.toString());
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.debug("app '{}': audit reader did not close cleanly: {}", app, e.toString());
            }
        }
    }
}
