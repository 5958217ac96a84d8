package dev.ferry.engine.internal;

import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.Guarantee;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of an app: the only thread that touches its {@code KafkaConsumer}.
 *
 * <p>Design. With at-least-once and at-most-once the loop feeds a {@link Pipeline}: it polls,
 * hands each batch over and polls again at once, so fetching, the function and the broker's
 * acknowledgements of earlier batches all overlap. It pauses the partitions only when the pipeline
 * holds as many events as it may ({@code 4 × batchSize}, plus {@code 16 × concurrency}), and commits
 * what the pipeline's {@link OffsetTracker} says is completed, asynchronously and at most every
 * {@value #COMMIT_INTERVAL_MS} ms, synchronously before a rebalance or a stop. With exactly-once
 * each batch is one transaction, so batches run one at a time: the loop pauses every partition,
 * hands the batch to its worker thread (a {@link BatchRunner}) and keeps calling {@code poll} on the
 * paused consumer while it runs, so a slow function never overruns {@code max.poll.interval.ms}.
 * The same one-batch-at-a-time mode serves, with at-least-once, to go back over events whose
 * outputs were not acknowledged (a broken pipeline), so the runner can narrow the failure down.
 *
 * <p>Rebalance. Before partitions with work in flight are revoked, the loop waits for that work
 * (bounded by the shutdown timeout), commits what is complete, and if work is still running abandons
 * it: nothing more of it is committed, and partitions that stay assigned are sought back to their
 * first incomplete event. Partitions assigned while the loop is paused are paused at once. Lost
 * partitions are never committed.
 *
 * <p>Failure. When the runner gives up on an event, the loop halts: every partition stays paused,
 * the group membership is kept (the lag shows the stall), and nothing past the event is committed.
 *
 * <p>Lag. About once a second, between polls, the loop samples each assigned partition's lag into
 * the app's {@link PartitionLags} ({@link LagSampler}): no broker call, only the consumer's fetch
 * metadata and the work in flight (or the work it halted in).
 *
 * <p>Stop. {@link #stop()} lets the work in flight finish within the shutdown timeout, then
 * abandons it, commits what is complete and closes the consumer and producer.
 */
public final class PollLoop implements Runnable {

    static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_MS = 100;
    private static final Duration LAG_SAMPLE_PERIOD = Duration.ofSeconds(1);

    private final String app;
    private final int index;
    private final List<String> topics;
    private final Consumer<byte[], byte[]> consumer;
    private final BatchRunner runner;
    private final OutputWriter writer;
    private final ExecutorService worker;
    private final AppState state;
    private final Duration shutdownTimeout;
    private final Guarantee guarantee;
    private final GroupMetadataHolder group;
    private final LagSampler lag;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Pipelining pipelining;
    private final Map<TopicPartition, Long> careful = new HashMap<>();
    private volatile boolean stopping;

    private InFlightBatch inFlight;
    private PendingWork haltedIn;
    private boolean halted;
    private Pipeline pipeline;
    private boolean backpressured;
    private boolean draining;
    private long lastCommitNanos;
    private boolean commitOwed;

    /**
     * How the loop pipelines batches when the guarantee allows it.
     *
     * @param processor   the consumer's processor, shared by its sub-batches
     * @param concurrency how many sub-batches may run at once
     * @param pool        the threads they run on, owned by the loop
     * @param maxInFlight the most events polled and not completed before the loop pauses fetching
     */
    public record Pipelining(BatchProcessor processor, int concurrency, ExecutorService pool, int maxInFlight) {
    }

    /**
     * A loop over a consumer, a runner and a single-thread worker, all of which it owns; with
     * {@code pipelining} (not for exactly-once) it runs batches through a {@link Pipeline}.
     */
    public PollLoop(String app, int index, List<String> topics, Consumer<byte[], byte[]> consumer, BatchRunner runner,
                    OutputWriter writer, ExecutorService worker, AppState state, Duration shutdownTimeout,
                    Guarantee guarantee, GroupMetadataHolder group, Pipelining pipelining) {
        this.app = app;
        this.index = index;
        this.topics = topics;
        this.consumer = consumer;
        this.runner = runner;
        this.writer = writer;
        this.worker = worker;
        this.state = state;
        this.shutdownTimeout = shutdownTimeout;
        this.guarantee = guarantee;
        this.group = group;
        this.lag = new LagSampler(consumer, state.metrics().lags(), index, LAG_SAMPLE_PERIOD);
        if (pipelining != null && guarantee == Guarantee.EXACTLY_ONCE) {
            throw new IllegalArgumentException("exactly-once runs one transaction per batch, without a pipeline");
        }
        this.pipelining = pipelining;
        this.pipeline = pipelining == null ? null : newPipeline();
    }

    private Pipeline newPipeline() {
        return new Pipeline(index, pipelining.concurrency(), pipelining.processor(), writer, runner, state,
                pipelining.pool());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!stopping) {
                if (halted) {
                    haltedStep();
                } else if (pipeline != null && careful.isEmpty()) {
                    pipelineStep();
                } else {
                    oneBatchStep();
                }
            }
            drain();
        } catch (RuntimeException | Error e) {
            LOG.error("app '{}': consumer {} stopped on an unexpected error; nothing past the last completed event "
                    + "is committed", app, index, e);
            state.halted(index, null, 0, "consumer stopped on an unexpected error: " + e);
        } finally {
            close();
            finished.countDown();
        }
    }

    /** Asks the loop to stop; returns at once. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Whether the loop has not yet closed its consumer. */
    public boolean isRunning() {
        return finished.getCount() > 0;
    }

    /** Waits until the loop has closed its consumer. */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void haltedStep() {
        lag.maybeSample(haltedIn);
        rewind(poll(KEEP_ALIVE.multipliedBy(2)));
        if (pipeline != null) {
            commitProgress(pipeline, false);
        }
    }

    private void oneBatchStep() {
        lag.maybeSample(null);
        ConsumerRecords<byte[], byte[]> records = poll(POLL);
        if (!records.isEmpty()) {
            runBatch(toInRecords(records));
        }
        if (!careful.isEmpty()) {
            Set<TopicPartition> owned = consumer.assignment();
            careful.entrySet().removeIf(e -> !owned.contains(e.getKey()) || positionAfter(e.getKey(), e.getValue()));
            if (careful.isEmpty() && !halted) {
                LOG.info("app '{}': past the events whose outputs were not acknowledged; pipelining again", app);
            }
        }
    }

    private boolean positionAfter(TopicPartition tp, long offset) {
        try {
            return consumer.position(tp, Duration.ZERO) > offset;
        } catch (KafkaException e) {
            return false;
        }
    }

    private void pipelineStep() {
        Pipeline p = pipeline;
        if (p.failure() != null) {
            haltedIn = p.tracker();
            halt(p.failure());
            commitProgress(p, true);
            return;
        }
        if (p.broken() != null) {
            goBackOver(p);
            return;
        }
        int pending = p.tracker().remaining();
        // At-most-once has committed what it holds: one batch at a time keeps what a crash skips to one batch.
        boolean full = guarantee == Guarantee.AT_MOST_ONCE ? pending > 0 : pending >= pipelining.maxInFlight();
        if (full != backpressured) {
            backpressured = full;
            if (full) {
                consumer.pause(consumer.assignment());
            } else {
                consumer.resume(consumer.assignment());
            }
        }
        ConsumerRecords<byte[], byte[]> records = poll(pending > 0 ? BUSY_POLL : idlePoll());
        p = pipeline; // a rebalance inside poll may have replaced it
        if (!records.isEmpty()) {
            PolledBatch batch = PolledBatch.of(records);
            if (guarantee != Guarantee.AT_MOST_ONCE || commitBeforeRunning(batch.events())) {
                p.submit(batch);
            }
        }
        commitProgress(p, false);
        lag.maybeSample(p.tracker());
    }

    /**
     * Outputs of the pipeline were not acknowledged: commit what is complete, go back to the first
     * event not completed in each partition, and run up to the last event that was in flight one
     * batch at a time, so that the runner retries, narrows down and halts or dead-letters as usual.
     * At-most-once never runs an event twice, so it halts instead.
     */
    private void goBackOver(Pipeline p) {
        p.cancel();
        // Calls of the old pipeline still running send nothing now; let them end before going back over
        // their keys, so that no key is worked on by two threads at once.
        if (!quiet(p, shutdownTimeout)) {
            LOG.warn("app '{}': calls of the abandoned work are still running after {}; going back over their events "
                    + "anyway", app, Durations.format(shutdownTimeout));
        }
        if (guarantee == Guarantee.AT_MOST_ONCE) {
            haltedIn = p.tracker();
            halt(p.broken());
            return;
        }
        commitProgress(p, true);
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, Long> last = p.tracker().lastPendingOffsets();
        p.tracker().resumePositions().forEach((tp, offset) -> {
            if (owned.contains(tp)) {
                consumer.seek(tp, offset);
                careful.put(tp, last.getOrDefault(tp, offset));
            }
        });
        pipeline = newPipeline();
        backpressured = false;
        consumer.resume(owned);
    }

    /**
     * How long a poll may wait with nothing in flight: until a commit put off by the interval is due,
     * so that the last events' offsets are committed within {@value #COMMIT_INTERVAL_MS} ms, not a
     * whole idle poll later.
     */
    private Duration idlePoll() {
        if (!commitOwed) {
            return POLL;
        }
        long dueInNanos = lastCommitNanos + TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS) - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(dueInNanos, POLL.toNanos())));
    }

    /** Commits what the pipeline completed: at most every {@value #COMMIT_INTERVAL_MS} ms unless {@code now}. */
    private void commitProgress(Pipeline p, boolean now) {
        if (guarantee != Guarantee.AT_LEAST_ONCE) {
            p.tracker().prune(); // nothing to commit as it goes, but completed batches must still go
            return;
        }
        long t = System.nanoTime();
        if (!now && t - lastCommitNanos < TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS)) {
            commitOwed = true;
            return;
        }
        commitOwed = false;
        lastCommitNanos = t;
        Map<TopicPartition, OffsetAndMetadata> offsets = p.tracker().takeCommittable();
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        if (!now) {
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    p.tracker().commitFailed(committed);
                    LOG.debug("app '{}': commit of {} failed ({}); it is retried", app, committed, e.toString());
                }
            });
            return;
        }
        try {
            commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("app '{}': commit of {} was refused by the group ({}); the events will be processed again by "
                    + "their next owner", app, offsets, e.getMessage());
        } catch (KafkaException e) {
            p.tracker().commitFailed(offsets);
            LOG.warn("app '{}': commit of {} failed ({}); those events may be processed again", app, offsets,
                    e.toString());
        }
    }

    /** A synchronous commit that a pending {@link #stop()} wake-up does not abort. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, shutdownTimeout);
        } catch (WakeupException e) {
            consumer.commitSync(offsets, shutdownTimeout);
        }
    }

    /**
     * On stop: starts nothing more, lets the sub-batches running finish and their outputs be
     * acknowledged within the shutdown timeout, and commits what is complete.
     */
    private void drain() {
        Pipeline p = pipeline;
        if (p == null) {
            return;
        }
        draining = true;
        p.stopStarting();
        if (!quiet(p, shutdownTimeout)) {
            LOG.warn("app '{}': stopping; abandoning the work in flight after {}", app, Durations.format(shutdownTimeout));
        }
        commitProgress(p, true);
        p.cancel();
    }

    private static boolean quiet(Pipeline p, Duration max) {
        try {
            return p.awaitQuiet(System.nanoTime() + max.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Abandons the pipeline: partitions that stay go back to their first event not completed. */
    private void abandon(Pipeline p, Collection<TopicPartition> leaving) {
        p.cancel();
        if (guarantee != Guarantee.AT_MOST_ONCE) { // at-most-once committed them already: they are skipped
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(leaving);
            p.tracker().resumePositions().forEach((tp, offset) -> {
                if (kept.contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
        }
        pipeline = newPipeline();
    }

    /**
     * A failure or a write failure found by a rebalance callback (it can arise between the loop's
     * check and its poll): handled as the loop would, so that it is not lost with the pipeline.
     * Returns whether there was one.
     */
    private boolean settleFailure(Pipeline p) {
        if (p.failure() != null) {
            commitProgress(p, true);
            haltedIn = p.tracker();
            halt(p.failure());
            return true;
        }
        if (p.broken() != null) {
            goBackOver(p);
            return true;
        }
        return false;
    }

    private void runBatch(List<InRecord> batch) {
        if (guarantee == Guarantee.AT_MOST_ONCE && !commitBeforeRunning(batch)) {
            return;
        }
        long started = System.nanoTime();
        InFlightBatch f = new InFlightBatch(batch, state, index);
        inFlight = f;
        consumer.pause(consumer.assignment());
        f.start(worker.submit(() -> {
            try {
                runner.run(batch, f.cancellation(), f);
                return null;
            } finally {
                f.signalDone();
            }
        }));
        long deadline = Long.MAX_VALUE;
        long lastPoll = System.nanoTime();
        while (!f.future().isDone()) {
            if (stopping && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + shutdownTimeout.toNanos();
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("app '{}': stopping; abandoning the batch in flight after {}", app, Durations.format(shutdownTimeout));
                f.cancellation().cancel();
                break;
            }
            try {
                f.awaitProgress(KEEP_ALIVE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancellation().cancel();
                break;
            }
            commit(f);
            if (System.nanoTime() - lastPoll >= KEEP_ALIVE.toNanos()) {
                rewind(poll(Duration.ZERO));
                lag.maybeSample(f);
                lastPoll = System.nanoTime();
            }
        }
        commit(f);
        inFlight = null;
        finish(f);
        state.metrics().batchTook(System.nanoTime() - started);
    }

    /** At-most-once: the batch counts as done before it runs; if that cannot be recorded, it is read again. */
    private boolean commitBeforeRunning(List<InRecord> batch) {
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (InRecord r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            ends.put(tp, new OffsetAndMetadata(r.offset() + 1));
            starts.putIfAbsent(tp, r.offset());
        }
        try {
            consumer.commitSync(ends);
            return true;
        } catch (KafkaException e) {
            LOG.warn("app '{}': cannot commit before running the batch ({}); reading it again", app, e.toString());
            starts.forEach((tp, offset) -> {
                if (consumer.assignment().contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
            return false;
        }
    }

    private void finish(InFlightBatch f) {
        if (!f.future().isDone()) {
            return;
        }
        try {
            f.future().get();
            if (!stopping && !halted) {
                consumer.resume(consumer.assignment());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Cancellation.AbandonedException) {
                if (!stopping) {
                    f.seekBack(consumer);
                    consumer.resume(consumer.assignment());
                }
                return;
            }
            haltedIn = f;
            halt(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void halt(Throwable cause) {
        halted = true;
        consumer.pause(consumer.assignment());
        if (cause instanceof EventFailedException failed) {
            LOG.error("app '{}' HALTED at {} after {} attempt(s): {}. Everything before this event is committed, "
                    + "nothing after it is. Fix the function (or the event) and restart the app; it resumes at this "
                    + "event.", app, failed.position(), failed.attempts(), failed.getCause().getMessage());
            state.halted(index, failed.position(), failed.attempts(), failed.getCause().getMessage());
        } else {
            LOG.error("app '{}' HALTED: the batch failed unexpectedly; nothing past the last completed event is "
                    + "committed", app, cause);
            state.halted(index, null, 0, String.valueOf(cause));
        }
    }

    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            group.update(consumer.groupMetadata());
            return records;
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } catch (RetriableException e) {
            // e.g. offsets still held by a crashed instance's open transaction: wait, poll again
            LOG.warn("app '{}': poll failed for a passing reason ({}); polling again", app, e.toString());
            return ConsumerRecords.empty();
        }
    }

    /** Records returned for paused work are not ours to run now: seek back so none is skipped. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
            consumer.pause(List.of(tp));
        }
    }

    private void commit(InFlightBatch f) {
        Map<TopicPartition, OffsetAndMetadata> offsets = f.takeCompleted();
        if (guarantee != Guarantee.AT_LEAST_ONCE) {
            return; // exactly-once commits in the output transaction, at-most-once before running
        }
        Set<TopicPartition> owned = consumer.assignment();
        offsets.keySet().retainAll(owned);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("app '{}': commit of {} was refused by the group ({}); the events will be processed again by "
                    + "their next owner", app, offsets, e.getMessage());
        } catch (WakeupException | RetriableException e) {
            f.putBack(offsets);
            if (!stopping) {
                LOG.warn("app '{}': commit of {} failed ({}); retrying", app, offsets, e.toString());
            } else {
                retryCommitOnStop(f);
            }
        } catch (KafkaException e) {
            f.putBack(offsets);
            LOG.warn("app '{}': commit of {} failed ({}); retrying", app, offsets, e.toString());
        }
    }

    private void retryCommitOnStop(InFlightBatch f) {
        Map<TopicPartition, OffsetAndMetadata> offsets = f.takeCompleted();
        if (guarantee != Guarantee.AT_LEAST_ONCE) {
            return;
        }
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, shutdownTimeout);
        } catch (KafkaException e) {
            LOG.warn("app '{}': final commit of {} failed ({}); those events will be processed again", app, offsets,
                    e.toString());
        }
    }

    private static List<InRecord> toInRecords(ConsumerRecords<byte[], byte[]> records) {
        List<InRecord> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            batch.add(new InRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), r.headers()));
        }
        return batch;
    }

    private void close() {
        try {
            InFlightBatch f = inFlight;
            if (f != null) {
                f.cancellation().cancel();
                retryCommitOnStop(f);
            }
            if (pipeline != null) {
                pipeline.cancel();
            }
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(shutdownTimeout));
        } catch (RuntimeException e) {
            LOG.warn("app '{}': consumer {} did not close cleanly: {}", app, index, e.toString());
        } finally {
            if (pipelining != null) {
                pipelining.pool().shutdownNow();
            }
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.close();
            state.stopped(index);
        }
    }

    /** Keeps commits and pauses right across rebalances; runs on the poll thread, inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            lag.release(revoked);
            group.update(consumer.groupMetadata());
            Pipeline p = pipeline;
            if (p != null) {
                revokeFrom(p, revoked);
            }
            InFlightBatch f = inFlight;
            if (f == null) {
                return;
            }
            if (!f.future().isDone() && f.touches(revoked) && !f.cancellation().isCancelled()) {
                waitOrAbandon(f, revoked);
            }
            commit(f);
        }

        /**
         * Partitions with work in flight are leaving: start nothing more, let what runs finish
         * (bounded by the shutdown timeout), commit what is complete, and begin again with a new
         * pipeline from the first event not completed of each partition that stays.
         */
        private void revokeFrom(Pipeline p, Collection<TopicPartition> revoked) {
            if (halted || draining || !p.tracker().pendingIn(revoked)) {
                commitProgress(p, true);
                p.tracker().release(revoked);
                return;
            }
            if (settleFailure(p)) {
                p.tracker().release(revoked);
                return;
            }
            p.stopStarting();
            boolean finished = quiet(p, shutdownTimeout);
            commitProgress(p, true);
            if (!finished) {
                LOG.warn("app '{}': partitions {} are being revoked while their events are still in flight after {}; "
                        + "abandoning the work in flight (it will be processed again)", app, revoked,
                        Durations.format(shutdownTimeout));
            }
            abandon(p, revoked);
        }

        private void waitOrAbandon(InFlightBatch f, Collection<TopicPartition> revoked) {
            try {
                f.future().get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                LOG.warn("app '{}': partitions {} are being revoked while a batch is still running after {}; "
                        + "abandoning the rest of it (it will be processed again)", app, revoked,
                        Durations.format(shutdownTimeout));
            } catch (ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            f.cancellation().cancel();
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(revoked);
            for (Map.Entry<TopicPartition, Long> e : new HashMap<>(f.resumePositions()).entrySet()) {
                if (kept.contains(e.getKey())) {
                    consumer.seek(e.getKey(), e.getValue());
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lag.release(lost);
            group.update(consumer.groupMetadata());
            Pipeline p = pipeline;
            if (p != null && !halted && !draining && p.tracker().pendingIn(lost) && !settleFailure(p)) {
                LOG.warn("app '{}': partitions {} were lost; the work in flight will be processed again", app, lost);
                abandon(p, lost);
            }
            if (p != null) {
                p.tracker().release(lost);
            }
            InFlightBatch f = inFlight;
            if (f != null && f.touches(lost)) {
                LOG.warn("app '{}': partitions {} were lost; their work in flight will be processed again", app, lost);
                f.cancellation().cancel();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (inFlight != null || halted || backpressured) {
                consumer.pause(assigned);
            }
            group.update(consumer.groupMetadata());
            state.assigned(index, consumer.assignment().size());
        }
    }
}
