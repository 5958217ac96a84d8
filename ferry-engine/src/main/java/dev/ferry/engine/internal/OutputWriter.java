package dev.ferry.engine.internal;

import java.util.List;

/**
 * Where validated outputs go: directly to the cluster by default; later a validating proxy, or
 * memory in the test kit. {@link #write} returns only once every record is acknowledged, because
 * offsets are committed right after it.
 */
public interface OutputWriter extends AutoCloseable {

    /** Writes the records and waits for every acknowledgement; throws if any record failed. */
    void write(List<OutRecord> records) throws ProcessingException;

    /**
     * Writes the outputs of {@code consumed} input events. A writer that commits input offsets
     * itself (exactly-once: in the same transaction as the outputs) uses {@code consumed}; the
     * others ignore it and the consumer commits.
     */
    default void write(List<OutRecord> records, List<InRecord> consumed) throws ProcessingException {
        write(records);
    }

    /**
     * Starts writing the records and returns at once; {@code done} is called once, with null when
     * every record is acknowledged or with the first failure. Records of successive calls are
     * written in call order. By default, writes synchronously.
     */
    default void writeAsync(List<OutRecord> records, java.util.function.Consumer<ProcessingException> done) {
        try {
            write(records);
        } catch (ProcessingException e) {
            done.accept(e);
            return;
        }
        done.accept(null);
    }

    /** Releases the writer's resources. */
    @Override
    void close();
}
