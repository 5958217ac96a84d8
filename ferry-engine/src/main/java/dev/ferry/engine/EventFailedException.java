package dev.ferry.engine;

/**
 * Thrown, and reported in the app's status, when one input event cannot be processed: it could not
 * be decoded, the function threw on it, its outputs broke their schema, or they could not be written.
 * The engine has narrowed a failing batch down to this event: everything before it is done and
 * committed, nothing after it is.
 */
public class EventFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String app;
    private final EventPosition position;
    private final int attempts;

    /** A failure of the event at {@code position} after {@code attempts} attempts. */
    public EventFailedException(String app, EventPosition position, int attempts, Throwable cause) {
        super("app '" + app + "': event at " + position + " failed"
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + cause.getMessage(), cause);
        this.app = app;
        this.position = position;
        this.attempts = attempts;
    }

    /** The app's name. */
    public String app() {
        return app;
    }

    /** Where the failing event is. */
    public EventPosition position() {
        return position;
    }

    /** How many times it was tried. */
    public int attempts() {
        return attempts;
    }
}
