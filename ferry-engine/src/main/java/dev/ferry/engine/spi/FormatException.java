package dev.ferry.engine.spi;

/**
 * A value that a format cannot decode, or an event that does not match its schema or cannot be
 * encoded. The message says where and why, for example {@code $.payload.client: expected integer,
 * got string "12"}; the engine adds the app, topic and event.
 */
public final class FormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with its reason. */
    public FormatException(String message) {
        super(message);
    }

    /** A failure with its reason and the exception that told. */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
