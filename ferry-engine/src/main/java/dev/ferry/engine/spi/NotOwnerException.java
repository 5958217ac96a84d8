package dev.ferry.engine.spi;

/**
 * A write refused because this consumer may no longer own the partitions of its events (the group
 * rebalanced, or another instance took over): not the events' fault, so they are given up rather
 * than retried, and processed again by their owner.
 */
public final class NotOwnerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, and the failure that told. */
    public NotOwnerException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
