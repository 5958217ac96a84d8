package dev.ferry.engine.internal;

/**
 * A failure while processing part of a batch. When the failing input event is known (it could not
 * be decoded) {@link #eventIndex()} names it, so the runner need not search for it.
 */
public final class ProcessingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What stage failed. */
    public enum Stage {
        /** An input event could not be decoded. */
        DECODE,
        /** The author's function threw. */
        FUNCTION,
        /** An emitted event was invalid or broke its schema. */
        OUTPUT,
        /** Writing the outputs to the broker failed. */
        WRITE
    }

    private final Stage stage;
    private final int eventIndex;

    /** A failure not pinned to one input event. */
    public ProcessingException(Stage stage, String message, Throwable cause) {
        this(stage, -1, message, cause);
    }

    /** A failure of the input event at {@code eventIndex} within the processed list. */
    public ProcessingException(Stage stage, int eventIndex, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.eventIndex = eventIndex;
    }

    /** The stage that failed. */
    public Stage stage() {
        return stage;
    }

    /** The index of the failing input event, or -1 if not known. */
    public int eventIndex() {
        return eventIndex;
    }
}
