package dev.ferry.engine;

/**
 * An on-call action ({@link EventSkip}, {@link OffsetReplay}) refused or failed, as a sentence that
 * names the app, the partition and the fix, so the CLI prints it as it is and the hub shows it
 * next to the button that was pressed. Nothing was changed unless the sentence says so (such as
 * "the skip is recorded, but ...").
 */
public final class OnCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Refused or failed, for the reason {@code message} says. */
    public OnCallException(String message) {
        super(message);
    }

    /** Failed because of {@code cause}, as {@code message} says. */
    public OnCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
