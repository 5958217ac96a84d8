package dev.ferry.engine.spi;

/**
 * A failure while processing some input events: decoding them, in the function, in its outputs
 * or while writing them. The engine retries, narrows down, dead-letters or halts on it; when the
 * failing input event is known (it could not be decoded) {@link #eventIndex()} names it, so the
 * engine need not search for it.
 */
public final class ProcessingException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * What stage failed, and so whether trying the event again can help: a failure that depends on
     * the event alone ({@link #DECODE}, {@link #OUTPUT}) is the same on every try and goes to the
     * poison policy at once; one that depends on the world ({@link #FUNCTION}, {@link #WRITE}) is
     * retried with backoff first.
     */
    public enum Stage {
        /** An input event could not be decoded (not in the input format, not the input type, a tombstone). Not retried. */
        DECODE(false),
        /** The author's function threw, or its future failed. Retried: it may depend on a service that recovers. */
        FUNCTION(true),
        /**
         * An emitted event was invalid or broke its schema. Not retried: functions are idempotent, so the same
         * input gives the same invalid event; a function that depends on something that can fail should throw.
         */
        OUTPUT(false),
        /** Writing the outputs failed. Retried: the cluster or store may recover. */
        WRITE(true);

        private final boolean retried;

        Stage(boolean retried) {
            this.retried = retried;
        }

        /** Whether an event failing at this stage is tried again (up to the profile's {@code retry.max-attempts}). */
        public boolean retried() {
            return retried;
        }
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
