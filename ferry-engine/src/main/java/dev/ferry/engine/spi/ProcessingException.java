package dev.ferry.engine.spi;

/**
 * A failure while processing some input events: decoding them, in the function, in its outputs
 * or while writing them. The engine retries, narrows down, dead-letters or halts on it; when the
 * failing input event is known (it could not be decoded) {@link #eventIndex()} names it, so the
 * engine need not search for it.
 */
public final class ProcessingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What stage failed. */
    public enum Stage {
        /** An input event could not be decoded. */
        DECODE,
        /** The author's function threw, or its future failed. */
        FUNCTION,
        /** An emitted event was invalid or broke its schema. */
        OUTPUT,
        /** Writing the outputs failed. */
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
