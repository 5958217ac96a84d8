package dev.ferry.materialize;

/**
 * A materialization that cannot run as configured: a bad key in its YAML file, a schema that cannot
 * be found or mapped, a target that is not on the classpath. The message is a sentence naming the
 * file, the key and the fix.
 */
public class MaterializeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its sentence. */
    public MaterializeException(String message) {
        super(message);
    }

    /** A failure with its sentence and what caused it. */
    public MaterializeException(String message, Throwable cause) {
        super(message, cause);
    }
}
