package dev.ferry.engine;

/**
 * Thrown when an app cannot start on the cluster it was given: the broker is unreachable, or an
 * input or output topic is missing. Nothing has been consumed when it is thrown.
 */
public class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A start-up failure, as a sentence that says what to check. */
    public StartupException(String message) {
        super(message);
    }

    /** A start-up failure caused by another error. */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
