package dev.ferry.engine.spi;

import dev.ferry.engine.EventPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Hears what happens to a running app, modelled on Kafka Streams' {@code StateListener} and
 * Micrometer's binders: small callbacks with no return value, each a no-op by default. The app's
 * status ({@code RunningApp.status()}) and its metrics are built on these callbacks; the hub's
 * announcements and lineage are next.
 *
 * <p>Threads. Callbacks come from the consumer's poll thread (assignment, lag, halts, losing and
 * regaining the cluster, stop), the worker threads (calls, retries, dead letters) and the producer's
 * I/O thread (completions), often at once: a listener must be thread-safe and quick, and must not block. An exception from a
 * listener is logged and otherwise ignored; it never stops the app.
 */
public interface LifecycleListener {

    /** The app's consumers are about to start. */
    default void started() {
    }

    /** Consumer {@code consumer} got {@code partitions}; {@code owned} is how many it has now. */
    default void assigned(int consumer, Collection<Partition> partitions, int owned) {
    }

    /**
     * Consumer {@code consumer} gave up {@code partitions}: revoked in a rebalance after its work on
     * them was committed or given up, or {@code lost} without a chance to commit; {@code owned} is how
     * many it has left.
     */
    default void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
    }

    /**
     * Input events completed: their outputs are durable ({@code outputs} records, dead letters not
     * among them), so they may be committed. Called once per write, often several per poll.
     */
    default void completed(int consumer, List<Event> events, List<OutputRecord> outputs) {
    }

    /** One call of the function took {@code nanos} on {@code events} events (whether or not it succeeded). */
    default void functionCalled(int consumer, int events, long nanos) {
    }

    /** Every event of one poll of {@code events} events completed, {@code took} after it was polled. */
    default void batchCompleted(int consumer, int events, Duration took) {
    }

    /** An attempt at some events failed at {@code stage}; it is retried, narrowed down, or halts. */
    default void failed(int consumer, ProcessingException.Stage stage, String reason) {
    }

    /** The event at {@code position} failed its {@code attempt}th try; the next comes after {@code backoff}. */
    default void retrying(int consumer, EventPosition position, int attempt, Duration backoff, String reason) {
    }

    /** The event at {@code position} kept failing and went to the dead-letter topic; it counts as completed. */
    default void deadLettered(int consumer, EventPosition position, int attempts, String reason) {
    }

    /**
     * Consumer {@code consumer} halted: at the event at {@code position} after {@code attempts} tries
     * ({@code position} null when the cause is not one event). Nothing past it is committed.
     */
    default void halted(int consumer, EventPosition position, int attempts, String reason) {
    }

    /**
     * Consumer {@code consumer}, halted at the event at {@code position}, goes on past it: on-call
     * skipped it deliberately ({@code ferry skip}), {@code by} whom and why ({@code reason}). The
     * event is not processed; the events after it are. Called from the poll thread.
     */
    default void skipped(int consumer, EventPosition position, String by, String reason) {
    }

    /** The consumer's lag, sampled about once a second: one entry per partition it owns. */
    default void lagSampled(int consumer, List<PartitionLag> lags) {
    }

    /**
     * Consumer {@code consumer} cannot reach the Kafka cluster: it has received nothing from any
     * broker since {@code since}, for longer than a healthy cluster ever keeps it waiting (see the
     * README's "Health, metrics and lag"). Called once per outage, from the poll thread;
     * {@link #clusterReachable} follows when it hears from the cluster again.
     */
    default void clusterUnreachable(int consumer, Instant since) {
    }

    /** Consumer {@code consumer} hears from the Kafka cluster again, after {@code unreachableFor} without. */
    default void clusterReachable(int consumer, Duration unreachableFor) {
    }

    /**
     * The sink of consumer {@code consumer} cannot write to its store since {@code since}, for
     * {@code reason} (it said so through {@link StoreAvailability#unavailable}). Called once per
     * outage, from the thread the sink called on; {@link #storeAvailable} follows when it is back.
     */
    default void storeUnavailable(int consumer, Instant since, String reason) {
    }

    /** The sink of consumer {@code consumer} writes to its store again, after {@code unavailableFor} without. */
    default void storeAvailable(int consumer, Duration unavailableFor) {
    }

    /** Consumer {@code consumer} has closed. */
    default void stopped(int consumer) {
    }

    /**
     * One partition's lag at one moment.
     *
     * @param partition  the partition
     * @param atMillis   when it was sampled (wall clock)
     * @param nextOffset the offset of the next event to process (what is, or will be, committed)
     * @param lag        events behind: the log end offset minus {@code nextOffset}
     * @param lagSeconds age of the oldest event not yet processed; 0 when caught up
     */
    record PartitionLag(Partition partition, long atMillis, long nextOffset, long lag, double lagSeconds) {
    }
}
