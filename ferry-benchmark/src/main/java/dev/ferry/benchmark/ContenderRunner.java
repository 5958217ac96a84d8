package dev.ferry.benchmark;

import java.util.Optional;

/**
 * One contender consuming in a child JVM, from its start until {@link #close()}. Started by its
 * {@link Contender}; the child's {@link ContenderMain} decides when it is done (every input event
 * committed by its group) and closes it.
 */
interface ContenderRunner extends AutoCloseable {

    /** Why the contender can no longer finish (halted, crashed), if so; polled while waiting. */
    default Optional<String> failure() {
        return Optional.empty();
    }

    /** Stops consuming and releases its clients. */
    @Override
    void close();
}
