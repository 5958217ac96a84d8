package dev.ferry.materialize;

import dev.ferry.engine.spi.Partition;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes one consumer's rows into the store: what a {@link MaterializeTarget} implements. The core
 * calls it from one thread at a time, one batch at a time, in input order, and retries a failure the
 * writer calls {@linkplain #isTransient transient} with backoff (the store restarting), until it
 * succeeds or the app stops; any other failure fails the batch, which the engine narrows down to its
 * event and hands to the poison policy.
 */
public interface RowWriter extends AutoCloseable {

    /**
     * Whether the writer stores the consumed offsets with the rows, in one transaction, and returns them
     * from {@link #open}: exactly-once. If not, the consumer commits them after each write
     * (at-least-once: the writes must be idempotent).
     */
    boolean storesOffsets();

    /**
     * Partitions assigned to the consumer: prepares the store (creates or evolves the table) and, for a
     * writer that {@linkplain #storesOffsets stores offsets}, returns the next offset of each partition it
     * has one for.
     *
     * @throws Exception a transient one is retried; any other halts the app with its message (a table
     *                   whose column has an incompatible type, say, naming the column)
     */
    Map<Partition, Long> open(Collection<Partition> partitions) throws Exception;

    /**
     * Writes the rows of some input events, in order, and (if it stores them) the offsets after them, so
     * that both are durable together or not at all.
     *
     * @param rows        the rows, in input order (several may have the same key: the last wins)
     * @param nextOffsets for each partition, the offset after the last event of these rows
     * @throws Exception a transient one is retried; any other fails the batch
     */
    void write(List<Row> rows, Map<Partition, Long> nextOffsets) throws Exception;

    /** Whether a failure is the store being away for a while (retried), not the rows being refused. */
    boolean isTransient(Exception failure);

    /**
     * Whether a failure of {@link #write} is the store not fitting the rows' schema as it changed while
     * running (a column of another type), which a change of the store (or of the schema) cures: the write
     * is retried with backoff, the app not ready and saying why, rather than the events failed. By
     * default, none is.
     */
    default boolean waitsForChange(Exception failure) {
        return false;
    }

    /** Releases what it holds. */
    @Override
    void close();
}
