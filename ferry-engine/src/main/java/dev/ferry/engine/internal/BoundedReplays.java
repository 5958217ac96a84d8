package dev.ferry.engine.internal;

import dev.ferry.engine.ReplayRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one consumer's bounded replays end ({@code ferry replay --to}): for each partition whose
 * latest {@link ReplayRecord} {@linkplain ReplayRecord#jumps() jumps}, the events after its end
 * ({@code to}) and before {@code resumeAt} were processed before the replay and are not processed
 * again. Poll thread only, like the consumer.
 *
 * <h2>Design</h2>
 * The rule is the same for every polled event, so it needs no state of its own that a crash, a
 * rebalance or a rewind could lose: an event of such a partition after {@code to} and before
 * {@code resumeAt} is dropped, and the partition is sought to {@code resumeAt}; every other event is
 * run. After a crash mid-replay the partition starts from its committed offset, before or after the
 * end, and the same rule ends the replay where the record says; once the app is past
 * {@code resumeAt} (the record is done) no event of the stretch is ever polled again, so it drops
 * nothing. The offsets of the stretch are then committed: when every event of the partition up to
 * {@code to} is complete and no event from {@code resumeAt} on has been taken in yet, the jump is
 * committed here, synchronously, and the {@link OffsetTracker} is told so that it never commits an
 * earlier offset over it; once an event from {@code resumeAt} on is taken in, its own commit (the
 * consumer's after completion or before running, or the sink's in its transaction) carries the
 * partition past the stretch, and the jump is no longer owed. Until one of the two commits lands the
 * committed offset stays at or before {@code to + 1}, and an instance that starts from there jumps
 * again: nothing is lost, and nothing of the stretch runs twice.
 */
final class BoundedReplays {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedReplays.class);

    private final String app;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, ReplayRecord> jumps = new HashMap<>();
    /** Jumps whose commit is owed: the stretch was reached, nothing from resumeAt on was taken in yet. */
    private final Map<TopicPartition, Owed> owed = new LinkedHashMap<>();

    /**
     * A jump to commit once {@code ledger}, the tracker of the pipeline that took in the events up to
     * the end, has none of the partition's events pending. A pipeline given up (a rebalance, a broken
     * write) leaves its events not completed pending for ever, and the loop reads them again into a
     * new pipeline, which owes the jump again: so a jump is never committed over events not complete.
     */
    private record Owed(ReplayRecord jump, OffsetTracker ledger) {
    }

    /** The ends of {@code latest} (the latest replay record per partition) that jump, for {@code consumer}. */
    BoundedReplays(String app, Consumer<byte[], byte[]> consumer, Map<TopicPartition, ReplayRecord> latest) {
        this.app = app;
        this.consumer = consumer;
        latest.forEach((tp, r) -> {
            if (r.jumps()) {
                jumps.put(tp, r);
            }
        });
    }

    /** Whether no partition has a bounded replay: then {@link #admit} returns what it is given. */
    boolean isEmpty() {
        return jumps.isEmpty();
    }

    /**
     * The polled records without those a bounded replay leaves out; a partition that reached such a
     * stretch is sought to its {@code resumeAt}, unless the poll already reached it. The records kept
     * go to the pipeline whose tracker is {@code ledger}.
     */
    ConsumerRecords<byte[], byte[]> admit(ConsumerRecords<byte[], byte[]> records, OffsetTracker ledger) {
        if (jumps.isEmpty()) {
            return records;
        }
        boolean changed = false;
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            ReplayRecord jump = jumps.get(tp);
            if (jump == null) {
                kept.put(tp, list);
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> runs = new ArrayList<>(list.size());
            boolean reachedEnd = false;
            boolean reachedResume = false;
            for (ConsumerRecord<byte[], byte[]> r : list) {
                if (r.offset() >= jump.resumeAt()) {
                    reachedResume = true;
                    runs.add(r);
                } else if (r.offset() > jump.to()) {
                    reachedEnd = true; // in the stretch: processed before the replay
                } else {
                    reachedEnd |= r.offset() == jump.to();
                    runs.add(r);
                }
            }
            changed |= runs.size() != list.size();
            if (!runs.isEmpty()) {
                kept.put(tp, runs);
            }
            if (reachedResume) {
                owed.remove(tp); // the commit of those events carries the partition past the stretch
            } else if (reachedEnd) {
                consumer.seek(tp, jump.resumeAt());
                if (owed.put(tp, new Owed(jump, ledger)) == null) {
                    LOG.info("app '{}': the replay of topic '{}' partition {} reached its end, offset {} (ferry replay "
                                    + "by {} at {}: \"{}\"); it goes on from offset {}, where it was before the replay, "
                                    + "without processing offsets {} to {} again", app, tp.topic(), tp.partition(),
                            jump.to(), jump.by(), jump.at(), jump.reason(), jump.resumeAt(), jump.to() + 1,
                            jump.resumeAt() - 1);
                }
            }
        }
        if (!changed) {
            return records;
        }
        return new ConsumerRecords<>(kept, records.nextOffsets());
    }

    /**
     * Commits each owed jump whose partition has no event pending in the ledger that took them in
     * (everything up to the end is complete), waiting up to {@code timeout}, and tells that ledger and
     * {@code current} (the pipeline's now) so that neither commits an earlier offset over it.
     */
    void commitJumps(OffsetTracker current, Duration timeout) {
        if (owed.isEmpty()) {
            return;
        }
        var it = owed.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Owed> e = it.next();
            TopicPartition tp = e.getKey();
            if (!consumer.assignment().contains(tp)) {
                it.remove();
            } else if (!e.getValue().ledger().pendingIn(List.of(tp))) {
                it.remove();
                if (commit(tp, e.getValue().jump().resumeAt(), timeout)) {
                    e.getValue().ledger().committedElsewhere(tp, e.getValue().jump().resumeAt());
                    current.committedElsewhere(tp, e.getValue().jump().resumeAt());
                }
            }
        }
    }

    private boolean commit(TopicPartition tp, long resumeAt, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(tp, new OffsetAndMetadata(resumeAt));
        try {
            try {
                consumer.commitSync(offset, timeout);
            } catch (WakeupException e) {
                consumer.commitSync(offset, timeout); // a stop's wake-up: commit all the same
            }
            return true;
        } catch (RuntimeException e) {
            // the record stays on the audit topic: whoever starts from the end next jumps again
            LOG.warn("app '{}': could not commit offset {} of topic '{}' partition {} after its replay ({}); it goes "
                    + "on from there, and an instance that starts before it jumps again", app, resumeAt, tp.topic(),
                    tp.partition(), e.toString());
            return false;
        }
    }

    /** Forgets the owed jumps of partitions the consumer no longer owns: their next owner jumps itself. */
    void release(Collection<TopicPartition> partitions) {
        owed.keySet().removeAll(partitions);
    }
}
