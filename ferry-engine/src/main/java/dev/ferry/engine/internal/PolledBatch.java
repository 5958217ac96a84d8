package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The events of one poll while the pipeline works on them, and which of them are completed (their
 * outputs acknowledged). Events complete in any order, since sub-batches run at once and their
 * acknowledgements arrive when they do; what may be committed per partition is only ever up to its
 * first event not completed.
 */
final class PolledBatch {

    private List<Event> events;
    private final Map<TopicPartition, Progress> partitions;
    private final long polledAt = System.nanoTime();
    private final int size;
    private int remaining;

    /** One partition's events in this batch: offsets ascending, and how far they are completed. */
    private static final class Progress {
        final long[] offsets;
        final long[] timestamps;
        final BitSet done;
        int next;

        Progress(int size) {
            offsets = new long[size];
            timestamps = new long[size];
            done = new BitSet(size);
        }

        long resumeOffset() {
            return next < offsets.length ? offsets[next] : offsets[offsets.length - 1] + 1;
        }

        boolean complete() {
            return next == offsets.length;
        }
    }

    private PolledBatch(List<Event> events, Map<TopicPartition, Progress> partitions) {
        this.events = Collections.unmodifiableList(events);
        this.partitions = partitions;
        this.remaining = events.size();
        this.size = events.size();
    }

    /** How many events it has. */
    int size() {
        return size;
    }

    /** The batch of a poll, in poll order. */
    static PolledBatch of(ConsumerRecords<byte[], byte[]> records) {
        List<Event> events = new ArrayList<>(records.count());
        Map<TopicPartition, Progress> partitions = new LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            Progress p = new Progress(list.size());
            for (int i = 0; i < list.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = list.get(i);
                p.offsets[i] = r.offset();
                p.timestamps[i] = r.timestamp();
                events.add(InRecord.of(r));
            }
            partitions.put(tp, p);
        }
        return new PolledBatch(events, partitions);
    }

    /** A batch of events, each partition's in ascending offsets (as a poll returns them). */
    static PolledBatch of(List<Event> events) {
        Map<TopicPartition, List<Event>> byPartition = new LinkedHashMap<>();
        for (Event r : events) {
            byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
        }
        Map<TopicPartition, Progress> partitions = new LinkedHashMap<>();
        byPartition.forEach((tp, list) -> {
            Progress p = new Progress(list.size());
            for (int i = 0; i < list.size(); i++) {
                p.offsets[i] = list.get(i).offset();
                p.timestamps[i] = list.get(i).timestamp();
            }
            partitions.put(tp, p);
        });
        return new PolledBatch(new ArrayList<>(events), partitions);
    }

    /** The events, in poll order; empty once {@link #releaseEvents() released}. */
    List<Event> events() {
        return events;
    }

    /**
     * Lets go of the events themselves (keys, values, headers), keeping only which offsets are
     * completed: a batch waiting for one slow event then holds a few longs per event, not its data.
     */
    void releaseEvents() {
        events = List.of();
    }

    /** When the batch was polled, in {@link System#nanoTime()} terms. */
    long polledAt() {
        return polledAt;
    }

    /** Records events of this batch as completed; returns how many were not already. */
    synchronized int complete(Collection<Event> completed) {
        int newly = 0;
        for (Event r : completed) {
            Progress p = partitions.get(new TopicPartition(r.topic(), r.partition()));
            int i = p == null ? -1 : Arrays.binarySearch(p.offsets, r.offset());
            if (i < 0) {
                throw new IllegalArgumentException("event at " + r.position() + " is not in this batch");
            }
            if (!p.done.get(i)) {
                p.done.set(i);
                newly++;
                while (p.next < p.offsets.length && p.done.get(p.next)) {
                    p.next++;
                }
            }
        }
        remaining -= newly;
        return newly;
    }

    /** Whether every event is completed. */
    synchronized boolean isComplete() {
        return remaining == 0;
    }

    /** How many events are not completed. */
    synchronized int remaining() {
        return remaining;
    }

    /**
     * Adds to {@code into}, for each partition not in {@code blocked}, the offset after this batch's
     * completed prefix of it (only if that prefix is not empty, when {@code progressedOnly}), and
     * adds to {@code blocked} the partitions with an event not completed. Returns whether the whole
     * batch was complete as it was read, in the same step, so that a batch is never dropped on the
     * strength of a completion that its positions here did not include.
     */
    synchronized boolean positions(Map<TopicPartition, Long> into, java.util.Set<TopicPartition> blocked,
                                   boolean progressedOnly) {
        partitions.forEach((tp, p) -> {
            if (!blocked.contains(tp)) {
                if (p.next > 0 || !progressedOnly) {
                    into.put(tp, p.resumeOffset());
                }
                if (!p.complete()) {
                    blocked.add(tp);
                }
            }
        });
        return remaining == 0;
    }

    /** Adds the timestamp of the first event not completed of each partition not already in {@code into}. */
    synchronized void oldestPending(Map<TopicPartition, Long> into) {
        partitions.forEach((tp, p) -> {
            if (!p.complete()) {
                into.putIfAbsent(tp, p.timestamps[p.next]);
            }
        });
    }

    /** The highest offset in this batch of each partition. */
    synchronized Map<TopicPartition, Long> lastOffsets() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach((tp, p) -> out.put(tp, p.offsets[p.offsets.length - 1]));
        return out;
    }

    /** Whether the batch has an event not completed in one of {@code of}. */
    synchronized boolean pendingIn(Collection<TopicPartition> of) {
        for (TopicPartition tp : of) {
            Progress p = partitions.get(tp);
            if (p != null && !p.complete()) {
                return true;
            }
        }
        return false;
    }
}
