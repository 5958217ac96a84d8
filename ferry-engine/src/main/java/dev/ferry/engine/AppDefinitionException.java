package dev.ferry.engine;

/**
 * Thrown at start-up when an app's {@code @Ferry} method cannot run as written: the message names
 * the method, what is wrong and how to fix it. Nothing has been consumed when it is thrown.
 */
public class AppDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error about the app's definition, as a sentence that says what to change. */
    public AppDefinitionException(String message) {
        super(message);
    }

    /** An error about the app's definition caused by another error. */
    public AppDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
