package dev.ferry.engine.internal;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's work between poll and commit, for every guarantee: batches go in as they are
 * polled, the function runs on their sub-batches (in key order, up to the concurrency), and events
 * complete when their outputs are durable. The {@link OffsetTracker}, the one ledger, says what may
 * be committed.
 *
 * <p>A sub-batch runs one of two ways. <b>Overlapped</b> (the default): its outputs are sent without
 * waiting and it completes when the sink acknowledges them, so the broker round trips of one batch
 * overlap the decoding, function and encoding of the next. <b>Waited for</b>: the sub-batch runs
 * through the {@link BatchRunner}, which writes, waits, and on a failure narrows it down where it
 * happened, retries, dead-letters or halts; this is how every sub-batch runs when the sink owns the
 * offsets (exactly-once: one transaction per sub-batch), and how the events of a
 * {@linkplain #broken() broken} pipeline are gone back over. <b>Written behind</b>, when the sink owns the
 * offsets and a {@link WriteLane} is given: each sub-batch is decoded and mapped on the worker, and its
 * write, waited for and narrowed down as through the runner, runs on the lane, one at a time in input
 * order, so the function works on sub-batch N+1 while N is written. The function is still called once at a
 * time (the {@code calling} lock: a narrowing-down on the lane calls it again), and nothing of a sub-batch
 * is written once the pipeline has halted, broken or been abandoned.
 *
 * <p>Failures. A failure of the function or of an output (not of a write) in an overlapped
 * sub-batch is handed to the runner as well, while later sub-batches with its keys wait. An event
 * that keeps failing {@linkplain #failure() halts} the pipeline. Outputs written without waiting
 * whose acknowledgement fails {@linkplain #broken() break} it: the consumer loop then goes back to
 * the first event not completed and runs that stretch again, waited for.
 *
 * <p>A pipeline is abandoned whole (on a rebalance it cannot wait for, or a break) and replaced by a
 * new one; work of an abandoned pipeline still running completes nothing of the new one and, once
 * {@link #cancel()} returns, writes nothing more.
 *
 * <p>Threads: {@link #submit} comes from the poll thread; sub-batches run on the executor's threads;
 * acknowledgements arrive on the sink's threads. State is in atomics, the tracker's and scheduler's
 * monitors, the {@code sending} lock (sends hold its read lock, {@link #cancel()} its write lock) and
 * the {@code activity} monitor that {@link #awaitQuiet} waits on.
 */
final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String app;
    private final int consumer;
    private final BatchProcessor processor;
    private final SinkWriter writer;
    private final BatchRunner runner;
    private final Listeners listeners;
    private final Executor executor;
    private final boolean waitForEachWrite;
    private final OffsetTracker tracker;
    private final KeyOrderedScheduler scheduler;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<ProcessingException> broken = new AtomicReference<>();
    private final Object activity = new Object();
    private final AtomicInteger active = new AtomicInteger();
    private final ReadWriteLock sending = new ReentrantReadWriteLock();
    private final WriteLane lane;
    private final ReentrantLock calling = new ReentrantLock();

    Pipeline(String app, int consumer, int concurrency, BatchProcessor processor, SinkWriter writer, BatchRunner runner,
             Listeners listeners, Executor executor, boolean waitForEachWrite) {
        this(app, consumer, concurrency, processor, writer, runner, listeners, executor, waitForEachWrite, null);
    }

    /**
     * A pipeline whose waited sub-batches are {@linkplain WriteLane written behind} on {@code lane} (null:
     * written and waited for on the worker), when every write is waited for ({@code waitForEachWrite}).
     */
    Pipeline(String app, int consumer, int concurrency, BatchProcessor processor, SinkWriter writer, BatchRunner runner,
             Listeners listeners, Executor executor, boolean waitForEachWrite, WriteLane lane) {
        this.lane = waitForEachWrite && concurrency == 1 ? lane : null;
        this.app = app;
        this.consumer = consumer;
        this.processor = processor;
        this.writer = writer;
        this.runner = runner;
        this.listeners = listeners;
        this.executor = executor;
        this.waitForEachWrite = waitForEachWrite;
        this.tracker = new OffsetTracker((events, nanos) -> listeners.batchCompleted(consumer, events,
                Duration.ofNanos(nanos)));
        this.scheduler = new KeyOrderedScheduler(concurrency, executor, this::run);
    }

    /**
     * Takes a polled batch; its work starts as soon as earlier work with the same keys allows.
     * {@code waited} runs its sub-batches waited for, whatever the pipeline's default.
     */
    void submit(PolledBatch batch, boolean waited) {
        tracker.add(batch);
        scheduler.submit(batch, waited || waitForEachWrite);
        batch.releaseEvents(); // its units hold them now, and drop them as they finish
    }

    /** What has completed and may be committed. */
    OffsetTracker tracker() {
        return tracker;
    }

    /** The failure the pipeline halted on (an {@code EventFailedException}, or an unexpected error), or null. */
    Throwable failure() {
        return failure.get();
    }

    /** The write failure the pipeline broke on, or null. */
    ProcessingException broken() {
        return broken.get();
    }

    /** Abandons the work: nothing not yet started starts, and nothing still running is written. */
    void cancel() {
        cancel(() -> false);
    }

    /**
     * Abandons the work as {@link #cancel()} does, but stops waiting for sends in progress (a sink's
     * send may block, e.g. on metadata while the cluster is gone) once {@code stopWaiting} says so:
     * then those sends may still complete. Returns whether every send in progress had ended.
     */
    boolean cancel(BooleanSupplier stopWaiting) {
        cancellation.cancel(); // a unit that has not yet checked under the sending lock sends nothing now
        scheduler.close();
        try {
            while (!sending.writeLock().tryLock(10, TimeUnit.MILLISECONDS)) { // units sending hold the read lock
                if (stopWaiting.getAsBoolean()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        sending.writeLock().unlock(); // after this, no unit of this pipeline sends anything
        return true;
    }

    /** Starts no more sub-batches; those running go on, and their outputs are still written. */
    void stopStarting() {
        scheduler.close();
    }

    /**
     * Waits until no sub-batch runs and every output written is acknowledged (or failed), or until
     * {@code deadlineNanos}; returns whether that happened. After {@link #stopStarting()} this is
     * the moment everything completed is known.
     */
    boolean awaitQuiet(long deadlineNanos) throws InterruptedException {
        synchronized (activity) {
            while (active.get() > 0 || scheduler.running() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                activity.wait(Math.max(1, Math.min(left / 1_000_000, 10)));
            }
            return true;
        }
    }

    private void started() {
        active.incrementAndGet();
    }

    private void ended() {
        if (active.decrementAndGet() == 0) {
            synchronized (activity) {
                activity.notifyAll();
            }
        }
    }

    private CompletionStage<?> run(WorkUnit u) {
        if (cancellation.isCancelled() || failure.get() != null || broken.get() != null) {
            return DONE;
        }
        started();
        Listener listener = new Listener(u.batch());
        if (u.waited()) {
            if (lane != null) {
                return runBehind(u, listener);
            }
            runWaited(u, listener);
            return DONE;
        }
        CompletableFuture<List<OutputRecord>> outputs;
        try {
            outputs = processor.processAsync(u.events());
        } catch (ProcessingException e) {
            recover(u, e, listener);
            return DONE;
        } catch (RuntimeException | Error e) {
            fail(e);
            return DONE;
        }
        if (outputs.isDone() && !outputs.isCompletedExceptionally()) {
            write(u, outputs.join(), listener); // a plain function: no hop to another thread
            return DONE;
        }
        return outputs.handleAsync((out, error) -> {
            if (error == null) {
                write(u, out, listener);
            } else {
                recover(u, BatchProcessor.asProcessingException(error), listener);
            }
            return null;
        }, executor);
    }

    /** Runs a unit through the runner: written and waited for, failures narrowed down in place. */
    private void runWaited(WorkUnit u, Listener listener) {
        throughRunner(() -> runner.run(u.events(), cancellation, listener));
    }

    /**
     * Maps a unit on the worker and hands its write to the lane; the scheduler may start the next unit at
     * once. A unit whose mapping failed is narrowed down on the lane, behind the writes before it, and the
     * next unit waits for that.
     */
    private CompletionStage<?> runBehind(WorkUnit u, Listener listener) {
        List<OutputRecord> outputs;
        calling.lock();
        try {
            cancellation.check();
            outputs = processor.process(u.events());
        } catch (ProcessingException e) {
            return lane.submit(() -> throughRunner(() -> recoverCalling(u, e, listener)));
        } catch (Cancellation.AbandonedException e) {
            ended();
            return DONE;
        } catch (RuntimeException | Error e) {
            fail(e);
            return DONE;
        } finally {
            calling.unlock();
        }
        lane.submit(() -> throughRunner(() -> writeBehind(u, outputs, listener)));
        return DONE;
    }

    /** On the lane: writes a mapped unit and waits, unless the pipeline has stopped; a failure is narrowed down. */
    private void writeBehind(WorkUnit u, List<OutputRecord> outputs, Listener listener)
            throws Cancellation.AbandonedException {
        if (failure.get() != null || broken.get() != null) {
            return; // an earlier unit halted or broke the pipeline: this one is gone back over, or never committed
        }
        cancellation.check();
        try {
            writer.write(outputs, u.events());
        } catch (ProcessingException e) {
            recoverCalling(u, e, listener);
            return;
        }
        listener.completed(u.events(), outputs); // written is done, and must be reported so it is committed
    }

    /** The runner's narrowing-down of a unit, the function called by it alone. */
    private void recoverCalling(WorkUnit u, ProcessingException first, Listener listener)
            throws Cancellation.AbandonedException {
        if (failure.get() != null || broken.get() != null) {
            return;
        }
        calling.lock();
        try {
            runner.recover(u.events(), first, cancellation, listener);
        } finally {
            calling.unlock();
        }
    }

    /** A unit whose first attempt failed: the runner narrows it down, retries, dead-letters or halts. */
    private void recover(WorkUnit u, ProcessingException first, Listener listener) {
        throughRunner(() -> runner.recover(u.events(), first, cancellation, listener));
    }

    /** What the runner does with a unit, once. */
    @FunctionalInterface
    private interface RunnerCall {
        void run() throws Cancellation.AbandonedException;
    }

    /**
     * Runs the runner on a unit and settles how it ended: done, given up by the writer (which breaks
     * the pipeline, unless it was abandoned), or failed for good (which halts it).
     */
    private void throughRunner(RunnerCall call) {
        try {
            call.run();
        } catch (Cancellation.AbandonedException e) {
            abandonedByWriter(e);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            scheduler.close();
        } finally {
            ended();
        }
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
        scheduler.close();
        ended();
    }

    /**
     * Sends a unit's outputs unless the pipeline was abandoned: checked and started under the lock
     * that {@link #cancel()} takes, so that nothing of an abandoned pipeline is sent once the poll
     * loop goes back over its events (which would put a key's outputs out of order). Units of
     * different lanes send at once: a read lock for them, since sinks take concurrent writes (one
     * exclusive lock here made a convoy of 100 workers on the slow benchmark).
     */
    private void write(WorkUnit u, List<OutputRecord> outputs, Listener listener) {
        AtomicBoolean reported = new AtomicBoolean();
        sending.readLock().lock();
        try {
            if (cancellation.isCancelled()) {
                ended();
                return;
            }
            writer.writeAsync(outputs, u.events(), error -> {
                if (reported.compareAndSet(false, true)) {
                    try {
                        acknowledged(u, outputs, listener, error);
                    } finally {
                        ended();
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            if (reported.compareAndSet(false, true)) {
                fail(e);
            } else {
                failure.compareAndSet(null, e);
                scheduler.close();
            }
        } finally {
            sending.readLock().unlock();
        }
    }

    private void acknowledged(WorkUnit u, List<OutputRecord> outputs, Listener listener, ProcessingException error) {
        if (error == null) {
            listener.completed(u.events(), outputs);
            return;
        }
        if (cancellation.isCancelled()) {
            return; // given up with the pipeline (a stop closing the sink, say): not a failure of these events
        }
        listener.failed(error);
        if (broken.compareAndSet(null, error)) {
            LOG.warn("app '{}': outputs of {} event(s) from {} were not acknowledged ({}); going back to the first "
                    + "event not completed", app, u.events().size(), u.events().get(0).position(), error.getMessage());
        }
        scheduler.close();
    }

    /**
     * A unit gave its events up: with the pipeline (they are processed again after the rewind), or
     * because the sink said this consumer may no longer own them, which breaks the pipeline so that
     * the loop goes back over them.
     */
    private void abandonedByWriter(Cancellation.AbandonedException e) {
        if (!cancellation.isCancelled() && broken.compareAndSet(null, new ProcessingException(
                ProcessingException.Stage.WRITE, "the writer gave the events up: " + e.getMessage(), e))) {
            scheduler.close();
        }
    }

    /** Completes one unit's events in the tracker, and tells the app's listeners what happened. */
    private final class Listener implements BatchRunner.Listener {
        private final PolledBatch batch;

        Listener(PolledBatch batch) {
            this.batch = batch;
        }

        @Override
        public void completed(List<Event> events, List<OutputRecord> outputs) {
            tracker.complete(batch, events);
            listeners.completed(consumer, events, outputs);
        }

        @Override
        public void failed(ProcessingException failure) {
            listeners.failed(consumer, failure.stage(), failure.getMessage());
        }

        @Override
        public void retrying(EventPosition position, int attempt, Duration backoff, ProcessingException cause) {
            LOG.warn("app '{}': event at {} failed (attempt {}), retrying in {}: {}", app, position, attempt,
                    dev.ferry.engine.Durations.format(backoff), cause.getMessage());
            listeners.retrying(consumer, position, attempt, backoff, cause.getMessage());
        }

        @Override
        public void deadLettered(EventPosition position, int attempts, ProcessingException cause) {
            listeners.deadLettered(consumer, position, attempts, cause.getMessage());
        }
    }
}
