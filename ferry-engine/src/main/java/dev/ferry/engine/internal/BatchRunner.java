package dev.ferry.engine.internal;

import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch to completion with the at-least-once contract: process, write, then report the
 * events as completed (the caller commits them). When a batch fails, it is narrowed down: a failure
 * pinned to one event (it could not be decoded) splits around that event; any other failure splits
 * the batch in halves, first half first, so that completed work is always a prefix of the batch in
 * poll order. A single failing event is retried with exponential backoff if its failure is one a
 * retry can cure (the function's or the write's; not a decoding failure or an invalid output, which
 * repeat: see {@link ProcessingException.Stage#retried()}) and, if it keeps failing, it is
 * dead-lettered or the runner throws {@link EventFailedException} naming it: everything before it
 * has been completed, nothing after it has. It never skips an event.
 */
final class BatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** Hears about progress; called on the worker thread. */
    interface Listener {

        /** These events are done: their {@code outputs} are durable (none for a dead-lettered event). */
        void completed(List<Event> events, List<OutputRecord> outputs);

        /** An attempt at some events failed at {@code stage}; it may be retried or narrowed down. */
        void failed(ProcessingException failure);

        /** The event at {@code position} failed its {@code attempt}th try; the next comes after {@code backoff}. */
        void retrying(EventPosition position, int attempt, Duration backoff, ProcessingException cause);

        /** The event at {@code position} went to the dead-letter topic (it is also reported completed). */
        void deadLettered(EventPosition position, int attempts, ProcessingException cause);
    }

    private final String app;
    private final BatchProcessor processor;
    private final SinkWriter writer;
    private final RetryPolicy retry;
    private final DeadLetters deadLetters;

    /**
     * A runner for one consumer; with {@code deadLetters} an event that keeps failing goes there and
     * the batch goes on, else the runner halts on it.
     */
    BatchRunner(String app, BatchProcessor processor, SinkWriter writer, RetryPolicy retry, DeadLetters deadLetters) {
        this.app = app;
        this.processor = processor;
        this.writer = writer;
        this.retry = retry;
        this.deadLetters = deadLetters;
    }

    /**
     * Runs a batch; returns when all of it is completed.
     *
     * @throws EventFailedException              when an event keeps failing; events before it are completed
     * @throws Cancellation.AbandonedException   when the batch was abandoned through {@code cancellation}
     */
    void run(List<Event> batch, Cancellation cancellation, Listener listener)
            throws Cancellation.AbandonedException {
        new Run(cancellation, listener).range(batch);
    }

    /**
     * Carries on with events whose first attempt (outside this runner) failed with {@code failure}:
     * narrows, retries and dead-letters exactly as {@link #run} would after its own first attempt.
     *
     * @throws EventFailedException              when an event keeps failing; events before it are completed
     * @throws Cancellation.AbandonedException   when the events were abandoned through {@code cancellation}
     */
    void recover(List<Event> events, ProcessingException failure, Cancellation cancellation, Listener listener)
            throws Cancellation.AbandonedException {
        new Run(cancellation, listener).recover(events, failure);
    }

    /** One batch's run: its cancellation and listener travel with it. */
    private final class Run {
        private final Cancellation c;
        private final Listener listener;

        Run(Cancellation c, Listener listener) {
            this.c = c;
            this.listener = listener;
        }

        void range(List<Event> events) throws Cancellation.AbandonedException {
            try {
                attempt(events);
            } catch (ProcessingException e) {
                recover(events, e);
            }
        }

        void recover(List<Event> events, ProcessingException failure) throws Cancellation.AbandonedException {
            listener.failed(failure);
            if (events.size() == 1) {
                retrySingle(events, failure);
                return;
            }
            int culprit = failure.eventIndex();
            if (culprit >= 0) {
                LOG.debug("app '{}': event {} of a batch of {} failed; completing the events before it", app, culprit, events.size());
                if (culprit > 0) {
                    range(events.subList(0, culprit));
                }
                retrySingle(events.subList(culprit, culprit + 1), failure);
                if (culprit + 1 < events.size()) {
                    range(events.subList(culprit + 1, events.size()));
                }
            } else {
                LOG.debug("app '{}': a batch of {} from {} failed ({}); splitting it to find the failing event",
                        app, events.size(), events.get(0).position(), failure.getMessage());
                int mid = events.size() / 2;
                range(events.subList(0, mid));
                range(events.subList(mid, events.size()));
            }
        }

        private void attempt(List<Event> events) throws ProcessingException, Cancellation.AbandonedException {
            c.check();
            List<OutputRecord> outputs = processor.process(events);
            c.check();
            writer.write(outputs, events);
            // No cancellation check here: written is done, and must be reported so it is committed.
            listener.completed(events, outputs);
        }

        /**
         * Tries a single event again while its failure is one that a retry can cure ({@link
         * ProcessingException.Stage#retried()}) and tries are left; then dead-letters it or halts on it,
         * naming the tries it had.
         */
        private void retrySingle(List<Event> one, ProcessingException first)
                throws Cancellation.AbandonedException {
            EventPosition position = one.get(0).position();
            ProcessingException last = first;
            int attempts = 1;
            while (last.stage().retried() && attempts < retry.maxAttempts()) {
                Duration backoff = retry.backoffAfter(attempts);
                listener.retrying(position, attempts, backoff, last);
                c.pause(backoff);
                attempts++;
                try {
                    attempt(one);
                    LOG.info("app '{}': event at {} succeeded on attempt {}", app, position, attempts);
                    return;
                } catch (ProcessingException e) {
                    last = e;
                    listener.failed(e);
                }
            }
            if (!last.stage().retried() && attempts < retry.maxAttempts()) {
                LOG.info("app '{}': event at {} is not retried: it failed at the {} stage, which fails the same way "
                        + "every time", app, position, last.stage().name().toLowerCase(Locale.ROOT));
            }
            if (deadLetters == null) {
                throw new EventFailedException(app, position, attempts, last);
            }
            deadLetter(one, last, attempts);
        }

        private void deadLetter(List<Event> one, ProcessingException cause, int attempts)
                throws Cancellation.AbandonedException {
            Event event = one.get(0);
            c.check();
            try {
                writer.write(List.of(deadLetters.record(event, cause, attempts)), one);
            } catch (ProcessingException e) {
                listener.failed(e);
                throw new EventFailedException(app, event.position(), attempts, new ProcessingException(
                        ProcessingException.Stage.WRITE, cause.getMessage() + "; and it could not be dead-lettered to '"
                        + deadLetters.topic() + "': " + e.getMessage(), e));
            }
            c.check();
            LOG.warn("app '{}': event at {} sent to dead-letter topic '{}' after {} attempt(s): {}", app, event.position(),
                    deadLetters.topic(), attempts, cause.getMessage());
            listener.deadLettered(event.position(), attempts, cause);
            listener.completed(one, List.of());
        }
    }
}
