package dev.ferry.engine;

/**
 * Thrown when the platform profile (a {@code ferry.yaml} file or {@code FERRY_*} environment
 * variables) is invalid or cannot be honoured; the message names the setting and where it came from.
 */
public class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error about one setting, as a sentence naming it. */
    public ProfileException(String message) {
        super(message);
    }

    /** An error about one setting caused by another error. */
    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
