package dev.ferry.engine.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One consumer's work between poll and commit when outputs need not be written in a transaction:
 * batches go in as they are polled, the function runs on their sub-batches (in key order, up to the
 * concurrency), outputs are sent without waiting, and events complete when their outputs are
 * acknowledged. The {@link OffsetTracker} says what may be committed. So the broker round trips of
 * one batch overlap the decoding, function and encoding of the next.
 *
 * <p>A sub-batch that fails is handed to the {@link BatchRunner}, which narrows it down, retries and
 * dead-letters as always; while it does, later sub-batches with its keys wait. An event that keeps
 * failing {@linkplain #failure() halts} the pipeline. Outputs whose acknowledgement fails
 * {@linkplain #broken() break} it: the poll loop then rewinds to the first event not completed and
 * runs that stretch again one batch at a time, where the runner can narrow the failure down.
 *
 * <p>A pipeline is abandoned whole (on a rebalance it cannot wait for, or a break) and replaced by a
 * new one; work of an abandoned pipeline still running completes nothing of the new one.
 */
final class Pipeline {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final int consumerIndex;
    private final BatchProcessor processor;
    private final OutputWriter writer;
    private final BatchRunner runner;
    private final AppState state;
    private final Executor executor;
    private final OffsetTracker tracker;
    private final KeyOrderedScheduler scheduler;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<ProcessingException> broken = new AtomicReference<>();
    private final Object activity = new Object();
    private final AtomicInteger active = new AtomicInteger();
    /** Sends hold the read lock; {@link #cancel()} takes the write lock, so that no send outlives it. */
    private final ReadWriteLock sending = new ReentrantReadWriteLock();

    Pipeline(int consumerIndex, int concurrency, BatchProcessor processor, OutputWriter writer, BatchRunner runner,
             AppState state, Executor executor) {
        this.consumerIndex = consumerIndex;
        this.processor = processor;
        this.writer = writer;
        this.runner = runner;
        this.state = state;
        this.executor = executor;
        this.tracker = new OffsetTracker(state.metrics()::batchTook);
        this.scheduler = new KeyOrderedScheduler(concurrency, executor, this::run);
    }

    /** Takes a polled batch; its work starts as soon as earlier work with the same keys allows. */
    void submit(PolledBatch batch) {
        tracker.add(batch);
        scheduler.submit(batch);
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
        sending.writeLock().lock();
        try {
            cancellation.cancel(); // after this, no unit of this pipeline sends anything
        } finally {
            sending.writeLock().unlock();
        }
        scheduler.close();
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
        CompletableFuture<List<OutRecord>> outputs;
        try {
            outputs = processor.isAsync() ? processor.processAsync(u.events())
                    : CompletableFuture.completedFuture(processor.process(u.events()));
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
                recover(u, asProcessingException(error), listener);
            }
            return null;
        }, executor);
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
     * different lanes send at once: a read lock for them, since the producer is thread-safe (one
     * exclusive lock here made a convoy of 100 workers on the slow benchmark).
     */
    private void write(WorkUnit u, List<OutRecord> outputs, Listener listener) {
        AtomicBoolean reported = new AtomicBoolean();
        sending.readLock().lock();
        try {
            if (cancellation.isCancelled()) {
                ended();
                return;
            }
            writer.writeAsync(outputs, error -> {
                if (reported.compareAndSet(false, true)) {
                    try {
                        completed(u, outputs, listener, error);
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

    private void completed(WorkUnit u, List<OutRecord> outputs, Listener listener, ProcessingException error) {
        if (error == null) {
            listener.completed(u.events(), outputs);
            return;
        }
        state.failed(error.stage());
        if (broken.compareAndSet(null, error)) {
            PollLoop.LOG.warn("app '{}': outputs of {} event(s) from {} were not acknowledged ({}); going back "
                    + "to the first event not completed", state.snapshot().app(), u.events().size(),
                    u.events().get(0).position(), error.getMessage());
        }
        scheduler.close();
    }

    private void recover(WorkUnit u, ProcessingException first, Listener listener) {
        try {
            runner.recover(u.events(), first, cancellation, listener);
        } catch (Cancellation.AbandonedException e) {
            if (!cancellation.isCancelled() && broken.compareAndSet(null, new ProcessingException(
                    ProcessingException.Stage.WRITE, "the writer gave the events up: " + e.getMessage(), e))) {
                scheduler.close(); // not abandoned with the pipeline: go back over them
            }
            // else abandoned with the pipeline: its events are processed again after the rewind
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            scheduler.close();
        } finally {
            ended();
        }
    }

    private static ProcessingException asProcessingException(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof ProcessingException p ? p
                : new ProcessingException(ProcessingException.Stage.FUNCTION, "processing failed: " + e, e);
    }

    /** Completes one unit's events in the tracker as the runner or the writer reports them. */
    private final class Listener extends ReportingListener {
        private final PolledBatch batch;

        Listener(PolledBatch batch) {
            super(state, consumerIndex);
            this.batch = batch;
        }

        @Override
        void advance(List<InRecord> events) {
            tracker.complete(batch, events);
        }
    }
}
