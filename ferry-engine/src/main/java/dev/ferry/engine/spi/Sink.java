package dev.ferry.engine.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where one consumer's validated outputs go, and when an input event counts as done. Modelled on
 * Kafka Connect's {@code SinkTask}: partitions are {@linkplain #open opened} when assigned and
 * {@linkplain #close(Collection) closed} when they leave; {@link #write} takes the outputs of some
 * input events and completes when they are durable.
 *
 * <p>Offsets. By default ({@link Offsets#CONSUMER}) the consumer commits an input event's offset
 * once the writes of its outputs have completed. A sink can own them instead: commit them to the
 * group in the same Kafka transaction as the outputs ({@link Offsets#GROUP_TRANSACTION}, exactly-once
 * on Kafka), or store them in its own store in the same transaction as the outputs
 * ({@link Offsets#STORE}, exactly-once into a database), returning them from {@link #open} so the
 * consumer resumes there. A sink that owns offsets gets one write at a time per consumer, each
 * waited for, in input order.
 *
 * <p>Threads. {@link #write} is called from the app's worker threads, for events of different keys
 * at once when the app runs with concurrency; calls for the same key come in order, and their outputs
 * must be written in that order. {@link #open}, {@link #close(Collection)} and {@link #close()} are
 * called from the consumer's poll thread.
 */
public interface Sink extends AutoCloseable {

    /** Who commits the input offsets. */
    enum Offsets {
        /** The consumer commits to its group once a write has completed. */
        CONSUMER,
        /** The sink commits them to the group in its Kafka transaction, with the outputs. */
        GROUP_TRANSACTION,
        /**
         * The sink stores them with the outputs in its own store and returns them from
         * {@link #open}; the consumer still commits them to its group, only so that lag shows.
         */
        STORE
    }

    /** Who commits the input offsets. Default {@link Offsets#CONSUMER}. */
    default Offsets offsets() {
        return Offsets.CONSUMER;
    }

    /**
     * Partitions assigned to this consumer. A sink that {@linkplain Offsets#STORE stores} offsets
     * returns the next offset to read of each it has one for; the consumer seeks there. By default, none.
     * An exception here stops the consumer as on any unexpected error: it reports {@code HALTED} with
     * the exception, and nothing is consumed.
     */
    default Map<Partition, Long> open(Collection<Partition> partitions) {
        return Map.of();
    }

    /** Partitions this consumer no longer owns; every write of their events has ended. By default, nothing. */
    default void close(Collection<Partition> partitions) {
    }

    /**
     * Writes the outputs of some input events.
     *
     * @param batch the outputs, in order, and the input events they came from (all of them, including
     *              those that emitted nothing; for a sink that owns offsets, store
     *              {@link SinkBatch#nextOffsets()} with the outputs)
     * @return a stage that completes when every output is durable (and, for a sink that owns them,
     *         the offsets with them); or fails with a {@link ProcessingException} of stage
     *         {@code WRITE} (the events are retried and narrowed down) or a {@link NotOwnerException}
     *         (this consumer may no longer own the events' partitions: they are given up, not retried)
     */
    CompletionStage<Void> write(SinkBatch batch);

    /** Sends what is buffered now; the engine calls it before waiting for a write it must see end. */
    default void flush() {
    }

    /** Releases the sink, within the context's shutdown timeout; writes not completed may be lost. */
    @Override
    void close();

    /**
     * Releases the sink within {@code timeout}; writes not completed by then are given up (their
     * input events are not committed, so they are processed again), and the sink should log what it
     * gave up. The engine calls this when a consumer stops, with what is left of the stop's time (it
     * may be zero), so that a stop ends within the shutdown timeout plus
     * {@link dev.ferry.engine.RunningApp#CLOSE_GRACE}. By default it calls {@link #close()}: a sink
     * whose close may block should implement this one.
     */
    default void close(Duration timeout) {
        close();
    }
}
