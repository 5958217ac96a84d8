package dev.ferry.engine.internal;

import dev.ferry.engine.spi.LifecycleListener.PartitionLag;
import dev.ferry.engine.spi.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples the lag of one consumer's partitions, at most once per period, on the poll thread, and
 * tells the app's listeners (the status keeps the verdict, the metrics the gauges). The log end offset comes from the consumer's fetch metadata
 * ({@code position + currentLag}), no broker call; paused partitions (a batch in flight, a halt) are
 * not fetched, so for them alone one {@code endOffsets} request per sample refreshes it, else a
 * halted app's lag would not grow. The next event to process comes from the batch in flight (or the
 * one the consumer halted in), else from the consumer's position.
 *
 * <p>Lag in seconds is the age of the first event not yet completed of the partition when one is
 * in flight (or halted on); with none in flight it is 0 if the partition is caught up, else the time
 * since it last was (an upper bound on the age of its oldest unprocessed event).
 */
final class LagSampler {

    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<?, ?> consumer;
    private final Listeners listeners;
    private final int owner;
    private final long periodNanos;
    private final Map<TopicPartition, Long> caughtUpAt = new HashMap<>();
    private long last;
    private boolean sampledOnce;

    LagSampler(Consumer<?, ?> consumer, Listeners listeners, int owner, Duration period) {
        this.consumer = consumer;
        this.listeners = listeners;
        this.owner = owner;
        this.periodNanos = period.toNanos();
    }

    /** Samples if a period has passed since the last sample; {@code pending} is the batch in flight or halted in. */
    void maybeSample(OffsetTracker pending) {
        long now = System.nanoTime();
        if (sampledOnce && now - last < periodNanos) {
            return;
        }
        sampledOnce = true;
        last = now;
        long wall = System.currentTimeMillis();
        Map<TopicPartition, Long> next = pending == null ? Map.of() : pending.resumePositions();
        Map<TopicPartition, Long> oldest = pending == null ? Map.of() : pending.oldestPendingTimestamps();
        Map<TopicPartition, Long> pausedEnds = pausedEnds();
        List<PartitionLag> samples = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            PartitionLag s = sample(tp, wall, next, oldest, pausedEnds);
            if (s != null) {
                samples.add(s);
            }
        }
        if (!samples.isEmpty()) {
            listeners.lagSampled(owner, samples);
        }
    }

    private Map<TopicPartition, Long> pausedEnds() {
        Set<TopicPartition> paused = consumer.paused();
        if (paused.isEmpty()) {
            return Map.of();
        }
        try {
            return consumer.endOffsets(paused, END_OFFSETS_TIMEOUT);
        } catch (KafkaException e) {
            return Map.of(); // the fetch metadata will do this time
        }
    }

    private PartitionLag sample(TopicPartition tp, long wall, Map<TopicPartition, Long> next, Map<TopicPartition, Long> oldest,
                        Map<TopicPartition, Long> pausedEnds) {
        OptionalLong behind = consumer.currentLag(tp);
        if (behind.isEmpty()) {
            return null; // no fetch metadata yet
        }
        long position;
        try {
            position = consumer.position(tp, Duration.ZERO);
        } catch (KafkaException e) {
            return null;
        }
        long end = Math.max(position + behind.getAsLong(), pausedEnds.getOrDefault(tp, -1L));
        long from = next.getOrDefault(tp, position);
        long lag = Math.max(0, end - from);
        Long timestamp = oldest.get(tp);
        double seconds;
        if (timestamp != null) {
            seconds = Math.max(0, wall - timestamp) / 1000.0;
        } else if (lag == 0) {
            caughtUpAt.put(tp, wall);
            seconds = 0;
        } else {
            seconds = Math.max(0, wall - caughtUpAt.computeIfAbsent(tp, t -> wall)) / 1000.0;
        }
        if (lag == 0) {
            caughtUpAt.put(tp, wall);
        }
        return new PartitionLag(new Partition(tp.topic(), tp.partition()), wall, from, lag, seconds);
    }

    /** Forgets partitions this consumer no longer owns. */
    void release(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(caughtUpAt::remove);
    }
}
