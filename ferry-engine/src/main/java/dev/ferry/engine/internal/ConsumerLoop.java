package dev.ferry.engine.internal;

import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.SkipRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of an app: the poll thread, the only thread that touches its {@code KafkaConsumer}.
 *
 * <h2>Design</h2>
 * The loop polls and hands each batch to a {@link Pipeline} at once, then polls again, so fetching,
 * the function and the sink's acknowledgements of earlier batches overlap. Every guarantee runs this
 * one path; what differs is in a {@link DeliveryMode}: who commits ({@link OffsetCommitter}: the
 * consumer after completion, before running for at-most-once, or the sink with the outputs for
 * exactly-once, whose unit of work is a transaction), whether every write is waited for, and whether
 * a broken write is gone back over or halts. The loop pauses fetching while the pipeline holds as many
 * events as it may ({@code maxInFlight}; one batch for at-most-once), and its state is a
 * {@link LoopState}.
 *
 * <p>Failures are each handled in one place: an event that keeps failing halts the loop
 * ({@link #halt}); outputs written without waiting that are not acknowledged break the pipeline and
 * the loop goes back over the events not completed, waited for ({@link #goBackOver}, with a
 * {@link Replay}); a rebalance ({@link RebalanceHandler}) and a stop ({@link #drain}) let the work in
 * flight finish within the shutdown timeout, commit what is complete and give up the rest
 * ({@link #abandon}), sending partitions that stay back to their first event not completed.
 *
 * <p>A stop is bounded whatever the cluster does: a {@link StopBudget} gives the work in flight the
 * shutdown timeout from the moment the stop is asked for (including a wait for a revocation that is
 * under way), and committing, leaving the group and closing the sink what is left until
 * {@link dev.ferry.engine.RunningApp#CLOSE_GRACE} after that; each says in the log what it gave up.
 *
 * <h2>Skipping the event it halted at</h2>
 * A halted loop goes on only when on-call skips exactly the event it halted at ({@code ferry skip}
 * writes a {@link dev.ferry.engine.SkipRecord} to the audit topic). The loop acts on the skip
 * itself, because the halted instance holds the partition and would commit its own offsets (and
 * Kafka refuses offset changes from outside a group with live members): on halting it reads the
 * audit topic ({@link SkipWatcher}), so a skip written before a restart or a rebalance is honoured
 * by whichever instance halts at the event next, and while halted it watches for new skips between
 * keep-alive polls. Going on keeps the loop's invariant, nothing committed past an event not
 * completed, per partition: the pipeline is given up as on a broken write (what is complete is
 * committed), and if every event before the skipped one in its partition is complete, the offset
 * after it is committed; otherwise the partition resumes at its first event not completed and the
 * skipped event is dropped when it is polled again. At-most-once committed the halted batch before
 * running it, so it goes on from where fetching is, as a restart would (its events not run are gone).
 *
 * <h2>Ending a bounded replay</h2>
 * A replay with an end ({@code ferry replay --to}) is a {@link dev.ferry.engine.ReplayRecord} the
 * launcher read from the audit topic; {@link BoundedReplays} drops each polled event after the end
 * and before where the app was before the replay, seeks there, and commits the jump once everything
 * up to the end is complete (or leaves it to the commit of the next events). It is one rule per polled
 * event, so a crash, a rebalance or a rewind mid-replay ends the replay in the same place.
 *
 * <h2>Threads and locks</h2>
 * <ul>
 *   <li>The <b>poll thread</b> (this {@code Runnable}) owns the consumer, the loop's state, the
 *       {@link PartitionFlow}, the {@link Replay}, the {@link OffsetCommitter}, the lag sampler and the
 *       {@link ClusterContact}, and runs the rebalance callbacks (inside {@code poll}); none of these
 *       is shared, so none is locked. {@link #stop()} is the one call from another thread: it sets a volatile flag and wakes
 *       the consumer.</li>
 *   <li><b>Worker threads</b> (the pipeline's executor, {@code concurrency} of them) decode, call the
 *       function, encode and write; the <b>sink's threads</b> (a producer's I/O thread) report
 *       acknowledgements. They meet the poll thread only in the pipeline: its {@link OffsetTracker}
 *       (its monitor; what is complete), its scheduler (its monitor; what may start), its
 *       {@code sending} read-write lock (sends hold the read lock, abandoning takes the write lock, so
 *       nothing is written once a pipeline is abandoned) and atomics for its failure.</li>
 * </ul>
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    /**
     * The poll's timeout with nothing in flight: new events end it at once, and a stop wakes it, so
     * it bounds only how often the loop samples lag and checks its cluster contact while idle (once a
     * second, the lag sampler's period).
     */
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * The poll's timeout while events are in flight and fetching is not paused: new events end it at
     * once; it bounds only how late a completion is committed, so it is the commit interval (it was
     * 10 ms, which woke the poll thread 100 times a second while a slow function ran: 2.5% of a core).
     */
    private static final Duration BUSY_POLL = Duration.ofMillis(OffsetCommitter.INTERVAL_MS);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);
    private static final Duration LAG_SAMPLE_PERIOD = Duration.ofSeconds(1);

    /**
     * What a loop is made of; it owns and closes all of it.
     *
     * @param app             the app's name
     * @param index           the consumer's index
     * @param topics          the input topics
     * @param consumer        the Kafka consumer
     * @param pipelines       makes a new, empty pipeline (at start and each time work is given up)
     * @param writer          the consumer's sink
     * @param processor       the consumer's function, closed with the loop
     * @param pool            the pipeline's worker threads, shut down with the loop
     * @param mode            what the guarantee decides
     * @param listeners       the app's listeners
     * @param group           where the group metadata of the last poll is kept for the sink
     * @param shutdownTimeout how long a stop or a revocation waits for the work in flight
     * @param maxInFlight     the most events polled and not completed before fetching pauses
     * @param cluster         what the consumer may expect of its cluster, to tell when it cannot be reached
     * @param skips           reads on-call's skips of the event it halts at, or null for none
     * @param replays         the latest replay record of each input partition that has one (see
     *                        {@link BoundedReplays})
     */
    record Parts(String app, int index, List<String> topics, Consumer<byte[], byte[]> consumer,
                 Supplier<Pipeline> pipelines, SinkWriter writer, BatchProcessor processor, ExecutorService pool,
                 DeliveryMode mode, Listeners listeners, GroupMetadataHolder group, Duration shutdownTimeout,
                 int maxInFlight, ClusterContact.Expectation cluster, SkipWatcher skips,
                 Map<TopicPartition, ReplayRecord> replays) {

        /** Parts of a loop with no replay records. */
        Parts(String app, int index, List<String> topics, Consumer<byte[], byte[]> consumer,
              Supplier<Pipeline> pipelines, SinkWriter writer, BatchProcessor processor, ExecutorService pool,
              DeliveryMode mode, Listeners listeners, GroupMetadataHolder group, Duration shutdownTimeout,
              int maxInFlight, ClusterContact.Expectation cluster, SkipWatcher skips) {
            this(app, index, topics, consumer, pipelines, writer, processor, pool, mode, listeners, group,
                    shutdownTimeout, maxInFlight, cluster, skips, Map.of());
        }

        /** Parts of a loop that never watches for skips (its halts last until a restart). */
        Parts(String app, int index, List<String> topics, Consumer<byte[], byte[]> consumer,
              Supplier<Pipeline> pipelines, SinkWriter writer, BatchProcessor processor, ExecutorService pool,
              DeliveryMode mode, Listeners listeners, GroupMetadataHolder group, Duration shutdownTimeout,
              int maxInFlight, ClusterContact.Expectation cluster) {
            this(app, index, topics, consumer, pipelines, writer, processor, pool, mode, listeners, group,
                    shutdownTimeout, maxInFlight, cluster, null, Map.of());
        }
    }

    private final Parts parts;
    private final String app;
    private final int index;
    private final Consumer<byte[], byte[]> consumer;
    private final PartitionFlow flow;
    private final Replay replay = new Replay();
    private final BoundedReplays bounds;
    private final OffsetCommitter committer;
    private final LagSampler lag;
    private final StopBudget budget;
    private final ClusterContact contact;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile LoopState state = LoopState.RUNNING;
    private Pipeline pipeline;
    /** The event the loop halted at, while it is halted at one and watches for its skip. */
    private EventPosition haltedAt;
    /** Skipped events to drop when polled again: their partition resumed before them (see the class comment). */
    private final Set<EventPosition> dropOnPoll = new java.util.HashSet<>();

    ConsumerLoop(Parts parts) {
        this.parts = parts;
        this.app = parts.app();
        this.index = parts.index();
        this.consumer = parts.consumer();
        this.flow = new PartitionFlow(consumer);
        this.budget = new StopBudget(parts.shutdownTimeout());
        this.committer = new OffsetCommitter(app, consumer, parts.mode().commits(), budget::closing);
        this.lag = new LagSampler(consumer, parts.listeners(), index, LAG_SAMPLE_PERIOD);
        this.contact = new ClusterContact(app, index, consumer, parts.listeners(), parts.cluster());
        this.pipeline = parts.pipelines().get();
        this.bounds = new BoundedReplays(app, consumer, parts.replays());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(parts.topics(), new RebalanceHandler(this));
            while (!stopRequested) {
                if (state == LoopState.HALTED) {
                    haltedStep();
                } else {
                    step();
                }
            }
            drain();
        } catch (FencedInstanceIdException e) {
            budget.stop();
            String why = "another consumer joined the group with this one's group.instance.id (two live instances "
                    + "share the profile's instance-id, which must be unique per instance); this one stopped, and "
                    + "the other has its partitions";
            LOG.error("app '{}': consumer {} stopped: {}", app, index, why);
            state = LoopState.HALTED;
            parts.listeners().halted(index, null, 0, why);
        } catch (RuntimeException | Error e) {
            budget.stop();
            LOG.error("app '{}': consumer {} stopped on an unexpected error; nothing past the last completed event "
                    + "is committed", app, index, e);
            state = LoopState.HALTED;
            parts.listeners().halted(index, null, 0, "consumer stopped on an unexpected error: " + e + causeOf(e));
        } finally {
            close();
            finished.countDown();
        }
    }

    /** Closes what a loop that never ran holds (its start-up failed on another consumer). */
    void discard() {
        budget.stop();
        close();
        finished.countDown();
    }

    /** Asks the loop to stop; returns at once. Its time starts now (see {@link StopBudget}). */
    void stop() {
        budget.stop();
        stopRequested = true;
        consumer.wakeup();
    }

    /** Whether the loop has not yet closed its consumer. */
    boolean isRunning() {
        return finished.getCount() > 0;
    }

    /** Waits until the loop has closed its consumer. */
    boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the loop is doing now. */
    LoopState state() {
        return state;
    }

    private void step() {
        Pipeline p = pipeline;
        if (settle(p)) {
            return;
        }
        int room = parts.mode().oneBatchAtATime() ? 1 : parts.maxInFlight();
        int pending = p.tracker().remaining();
        boolean full = pending >= room;
        flow.backpressure(full);
        if (full) {
            awaitRoom(p, room); // nothing can be fetched until work completes: wait for that, not in a poll
        }
        ConsumerRecords<byte[], byte[]> records = poll(full ? Duration.ZERO
                : committer.idlePoll(pending > 0 ? BUSY_POLL : POLL));
        p = pipeline; // a rebalance inside poll may have replaced it
        if (!records.isEmpty()) {
            if (state == LoopState.HALTED) {
                flow.rewind(records); // a rebalance callback found the failure
            } else {
                admit(p, records);
            }
        }
        committer.commitCompleted(p.tracker(), false);
        bounds.commitJumps(p.tracker(), parts.shutdownTimeout());
        lag.maybeSample(p.tracker());
        contact.check();
    }

    /**
     * Waits, at most {@link #KEEP_ALIVE} (the consumer must be polled now and then, and a stop is seen
     * within it), until the pipeline holds fewer than {@code room} events.
     */
    private void awaitRoom(Pipeline p, int room) {
        try {
            p.tracker().awaitFewerThan(room, System.nanoTime() + KEEP_ALIVE.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void admit(Pipeline p, ConsumerRecords<byte[], byte[]> polled) {
        ConsumerRecords<byte[], byte[]> bounded = bounds.admit(polled, p.tracker());
        ConsumerRecords<byte[], byte[]> records = dropOnPoll.isEmpty() ? bounded : withoutDropped(bounded);
        if (records.isEmpty()) {
            return;
        }
        PolledBatch batch = PolledBatch.of(records);
        if (committer.commitsBeforeRunning() && !committer.commitBeforeRunning(batch.events())) {
            return; // it was sought back, to be read again
        }
        boolean waited = replay.covers(batch);
        if (state == LoopState.REPLAYING && replay.isEmpty()) {
            state = LoopState.RUNNING;
            LOG.info("app '{}': past the events whose outputs were not acknowledged; overlapping writes again", app);
        }
        p.submit(batch, waited);
    }

    private void haltedStep() {
        Pipeline p = pipeline;
        lag.maybeSample(p.tracker());
        contact.check();
        flow.rewind(poll(KEEP_ALIVE.multipliedBy(2)));
        committer.commitCompleted(p.tracker(), false); // work of other keys may still complete
        if (haltedAt != null && parts.skips() != null && !stopRequested) {
            parts.skips().skipOf(haltedAt, KEEP_ALIVE).ifPresent(skip -> goOnPast(p, skip));
        }
    }

    /**
     * On-call skipped the event the loop halted at: give up the pipeline as on a broken write, commit
     * what is complete, move the skipped event's partition past it (committing that when every event
     * before it is complete), and run again (see the class comment).
     */
    private void goOnPast(Pipeline p, SkipRecord skip) {
        EventPosition at = skip.event();
        cancel(p);
        if (!quiet(p)) {
            LOG.warn("app '{}': calls of the halted work are still running after {}; going on anyway", app,
                    dev.ferry.engine.Durations.format(parts.shutdownTimeout()));
        }
        committer.commitCompleted(p.tracker(), true);
        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
        Map<TopicPartition, Long> resume = new java.util.HashMap<>(p.tracker().resumePositions());
        Long first = resume.get(tp);
        if (committer.commitsBeforeRunning()) {
            // at-most-once committed the halted batch before running it: its events not run are gone, as on a
            // restart; going back over them could run some twice, so fetching goes on from where it is
            resume.clear();
        } else if (consumer.assignment().contains(tp)) {
            if (first == null || first == at.offset()) {
                commitPast(tp, at);
                resume.put(tp, at.offset() + 1);
            } else {
                dropOnPoll.add(at);
            }
        }
        flow.seek(resume, Set.of());
        pipeline = parts.pipelines().get();
        haltedAt = null;
        state = LoopState.RUNNING;
        flow.resumeAll();
        LOG.warn("app '{}': skipping {} as {} asked at {} (\"{}\"); consumer {} goes on after it", app, at, skip.by(),
                skip.at(), skip.reason(), index);
        parts.listeners().skipped(index, at, skip.by(), skip.reason());
    }

    private void commitPast(TopicPartition tp, EventPosition at) {
        try {
            consumer.commitSync(Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(at.offset() + 1)),
                    parts.shutdownTimeout());
        } catch (RuntimeException e) {
            // the skip stays on the audit topic: whoever halts at the event next honours it
            LOG.warn("app '{}': could not commit past the skipped {} ({}); it goes on, and an instance that reads "
                    + "the event again skips it from the audit topic", app, at, e.toString());
        }
    }

    /** The records of a poll without the skipped events {@link #dropOnPoll} holds, each dropped once. */
    private ConsumerRecords<byte[], byte[]> withoutDropped(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>> kept =
                new java.util.LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>();
            for (var r : records.records(tp)) {
                if (!dropOnPoll.remove(new EventPosition(r.topic(), r.partition(), r.offset()))) {
                    list.add(r);
                }
            }
            if (!list.isEmpty()) {
                kept.put(tp, list);
            }
        }
        return new ConsumerRecords<>(kept, records.nextOffsets());
    }

    /**
     * Handles what the pipeline failed on, as the loop would between polls: a halt, or a broken
     * write to go back over. Returns whether there was one. Also called by rebalance callbacks, where
     * a failure can arise between the loop's check and its poll.
     */
    boolean settle(Pipeline p) {
        if (p.failure() != null) {
            halt(p.failure());
            committer.commitCompleted(p.tracker(), true);
            return true;
        }
        if (p.broken() != null) {
            goBackOver(p);
            return true;
        }
        return false;
    }

    /**
     * Outputs written without waiting were not acknowledged: commit what is complete, go back to the
     * first event not completed in each partition, and run up to the last event that was in flight
     * waited for, so that the runner retries, narrows down and halts or dead-letters as usual.
     * At-most-once never runs an event twice, so it halts instead.
     */
    private void goBackOver(Pipeline p) {
        cancel(p);
        // Calls of the old pipeline still running write nothing now; let them end before going back over
        // their keys, so that no key is worked on by two threads at once.
        if (!quiet(p)) {
            LOG.warn("app '{}': calls of the abandoned work are still running after {}; going back over their events "
                    + "anyway", app, dev.ferry.engine.Durations.format(parts.shutdownTimeout()));
        }
        if (parts.mode().haltOnBrokenWrite()) {
            halt(p.broken());
            return;
        }
        committer.commitCompleted(p.tracker(), true);
        Set<TopicPartition> owned = consumer.assignment();
        Map<TopicPartition, Long> last = new java.util.HashMap<>(p.tracker().lastPendingOffsets());
        last.keySet().retainAll(owned);
        replay.mark(last);
        flow.seek(p.tracker().resumePositions(), Set.of());
        pipeline = parts.pipelines().get();
        state = replay.isEmpty() ? LoopState.RUNNING : LoopState.REPLAYING;
        flow.resumeAll();
    }

    /** Gives up the pipeline's work: partitions that stay, but are not leaving, go back to their first event not completed. */
    void abandon(Pipeline p, Collection<TopicPartition> leaving) {
        cancel(p);
        if (!committer.commitsBeforeRunning()) { // at-most-once committed them already: they are skipped
            flow.seek(p.tracker().resumePositions(), leaving);
        }
        pipeline = parts.pipelines().get();
    }

    private void halt(Throwable cause) {
        state = LoopState.HALTED;
        flow.pauseAll();
        if (cause instanceof EventFailedException failed) {
            haltedAt = failed.position();
            LOG.error("app '{}' HALTED at {} after {} attempt(s): {}. Everything before this event is committed, "
                    + "nothing after it is. Fix the function (or the event) and restart the app; it resumes at this "
                    + "event.", app, failed.position(), failed.attempts(), sentence(failed.getCause().getMessage()));
            parts.listeners().halted(index, failed.position(), failed.attempts(), failed.getCause().getMessage());
        } else {
            LOG.error("app '{}' HALTED: the batch failed unexpectedly; nothing past the last completed event is "
                    + "committed", app, cause);
            parts.listeners().halted(index, null, 0, String.valueOf(cause));
        }
    }

    /** A message as the middle of a sentence: without the full stop it may end with. */
    private static String sentence(String message) {
        String m = String.valueOf(message).strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /**
     * On stop: starts nothing more, lets the sub-batches running finish and their outputs be
     * acknowledged within the shutdown timeout, gives up the rest (saying which events), and
     * commits what is complete.
     */
    private void drain() {
        if (state != LoopState.HALTED) {
            state = LoopState.DRAINING;
        }
        Pipeline p = pipeline;
        p.stopStarting();
        if (!quiet(p) && p.tracker().remaining() > 0) {
            LOG.warn("app '{}': consumer {} stopping: {} event(s) still in flight after {} (shutdown-timeout); giving "
                            + "them up uncommitted ({}): they will be processed again", app, index,
                    p.tracker().remaining(), dev.ferry.engine.Durations.format(parts.shutdownTimeout()),
                    positions(p.tracker().resumePositions()));
        }
        committer.commitCompleted(p.tracker(), true);
        bounds.commitJumps(p.tracker(), budget.closing());
        cancel(p);
    }

    /**
     * Abandons a pipeline, waiting for its sends in progress as long as it takes while running, but
     * during a stop no longer than the stop's time for work in flight: a send may block while the
     * cluster is gone, and the worker is interrupted when the loop closes.
     */
    private void cancel(Pipeline p) {
        p.cancel(() -> budget.stopping() && System.nanoTime() - budget.workDeadlineNanos() >= 0);
    }

    /** Where events given up start, e.g. {@code topic 'in' partition 0 from offset 7}. */
    private static String positions(Map<TopicPartition, Long> starts) {
        return starts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
                .map(e -> "topic '" + e.getKey().topic() + "' partition " + e.getKey().partition() + " from offset "
                        + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Waits up to the shutdown timeout for the pipeline to be quiet, during a stop no longer than
     * the stop's time for work in flight; returns whether it is.
     */
    boolean quiet(Pipeline p) {
        try {
            return p.awaitQuiet(budget.workDeadlineNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            parts.group().update(consumer.groupMetadata());
            return records;
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } catch (RetriableException e) {
            // e.g. offsets still held by a crashed instance's open transaction: wait, poll again
            LOG.warn("app '{}': poll failed for a passing reason ({}); polling again", app, e.toString());
            return ConsumerRecords.empty();
        }
    }

    /**
     * Closes the consumer, leaving the group (a static member too: see the README's "Crash
     * recovery"), then the sink and the function, each within what is left of the stop's time.
     */
    private void close() {
        try {
            cancel(pipeline);
            consumer.close(CloseOptions.timeout(budget.closing())
                    .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
        } catch (RuntimeException e) {
            LOG.warn("app '{}': consumer {} did not close cleanly: {}", app, index, e.toString());
        } finally {
            parts.pool().shutdownNow();
            closeQuietly(() -> parts.writer().close(budget.closing()), "sink");
            closeQuietly(parts.processor()::close, "function");
            if (parts.skips() != null) {
                closeQuietly(parts.skips()::close, "audit reader");
            }
            state = LoopState.CLOSED;
            parts.listeners().stopped(index);
            LOG.info("app '{}': consumer {} stopped in {} ms", app, index, budget.elapsed().toMillis());
        }
    }

    private void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("app '{}': consumer {}'s {} did not close cleanly: {}", app, index, what, e.toString());
        }
    }

    // What the rebalance handler needs of the loop; poll thread only.

    Pipeline pipeline() {
        return pipeline;
    }

    Parts parts() {
        return parts;
    }

    PartitionFlow flow() {
        return flow;
    }

    Replay replay() {
        return replay;
    }

    BoundedReplays bounds() {
        return bounds;
    }

    OffsetCommitter committer() {
        return committer;
    }

    LagSampler lag() {
        return lag;
    }

    ClusterContact contact() {
        return contact;
    }

    Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** Whether the loop's work is not to be waited for or replaced: halted or stopping. */
    boolean settled() {
        return state == LoopState.HALTED || state == LoopState.DRAINING;
    }

    /**
     * The cause of an error that only wraps one (Kafka's "User rebalance callback throws an error" around a
     * sink's {@code open} failure), so that the halt says what went wrong; empty for none.
     */
    private static String causeOf(Throwable e) {
        Throwable cause = e.getCause();
        return cause == null || cause == e ? "" : "; caused by " + cause;
    }
}
