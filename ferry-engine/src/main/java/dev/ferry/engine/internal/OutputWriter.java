package dev.ferry.engine.internal;

import java.util.List;

/**
 * Where validated outputs go: directly to the cluster by default; later a validating proxy, or
 * memory in the test kit. {@link #write} returns only once every record is acknowledged, because
 * offsets are committed right after it.
 */
public interface OutputWriter extends AutoCloseable {

    /**
     * Writes the records and waits for every acknowledgement; throws if any record failed.
     *
     * @throws ProcessingException             the write failed; the events are retried or narrowed down
     * @throws Cancellation.AbandonedException the write failed through no fault of the events (this
     *                                         consumer may no longer own their partitions): the batch is
     *                                         given up and its events processed again by their owner
     */
    void write(List<OutRecord> records) throws ProcessingException, Cancellation.AbandonedException;

    /**
     * Writes the outputs of {@code consumed} input events. A writer that commits input offsets
     * itself (exactly-once: in the same transaction as the outputs) uses {@code consumed}; the
     * others ignore it and the consumer commits. Throws as {@link #write(List)}.
     */
    default void write(List<OutRecord> records, List<InRecord> consumed)
            throws ProcessingException, Cancellation.AbandonedException {
        write(records);
    }

    /**
     * Starts writing the records and returns at once; {@code done} is called once, with null when
     * every record is acknowledged or with the first failure. Records of successive calls are
     * written in call order. By default, writes synchronously; a write given up through no fault of
     * the events is reported as a {@code WRITE} failure.
     */
    default void writeAsync(List<OutRecord> records, java.util.function.Consumer<ProcessingException> done) {
        try {
            write(records);
        } catch (ProcessingException e) {
            done.accept(e);
            return;
        } catch (Cancellation.AbandonedException e) {
            done.accept(new ProcessingException(ProcessingException.Stage.WRITE, e.getMessage(), e));
            return;
        }
        done.accept(null);
    }

    /** Releases the writer's resources. */
    @Override
    void close();
}
