package dev.ferry.benchmark;

/**
 * A contender that cannot run on this build at all (its child said {@link ChildReport#UNSUPPORTED}, or
 * Parallel Consumer's jar is not built): reported as skipped, not as a failed run.
 */
final class ContenderUnsupportedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ContenderUnsupportedException(String message) {
        super(message);
    }
}
