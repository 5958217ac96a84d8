package dev.ferry.engine.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

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
    private int active;

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
        cancellation.cancel();
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
            while (active > 0 || scheduler.running() > 0) {
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
        synchronized (activity) {
            active++;
        }
    }

    private void ended() {
        synchronized (activity) {
            active--;
            activity.notifyAll();
        }
    }

    private CompletionStage<?> run(WorkUnit u) {
        if (cancellation.isCancelled() || failure.get() != null || broken.get() != null) {
            return DONE;
        }
        started();
        Listener listener = new Listener(u.batch());
        if (!processor.isAsync()) {
            List<OutRecord> outputs;
            try {
                outputs = processor.process(u.events());
            } catch (ProcessingException e) {
                recover(u, e, listener);
                return DONE;
            } catch (RuntimeException | Error e) {
                fail(e);
                return DONE;
            }
            write(u, outputs, listener);
            return DONE;
        }
        CompletableFuture<List<OutRecord>> outputs;
        try {
            outputs = processor.processAsync(u.events());
        } catch (ProcessingException e) {
            recover(u, e, listener);
            return DONE;
        } catch (RuntimeException | Error e) {
            fail(e);
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

    private void write(WorkUnit u, List<OutRecord> outputs, Listener listener) {
        if (cancellation.isCancelled()) {
            ended();
            return;
        }
        try {
            writeAsync(u, outputs, listener);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void writeAsync(WorkUnit u, List<OutRecord> outputs, Listener listener) {
        writer.writeAsync(outputs, error -> {
            try {
                completed(u, outputs, listener, error);
            } finally {
                ended();
            }
        });
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
