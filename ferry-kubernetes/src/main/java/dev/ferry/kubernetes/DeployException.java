package dev.ferry.kubernetes;

/**
 * Why an app cannot be deployed, undeployed or scaled, as a sentence naming the thing and the fix
 * (a credential in the profile, an app name Kubernetes refuses, too many replicas); the CLI prints
 * it as one line.
 */
public final class DeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with its sentence. */
    public DeployException(String message) {
        super(message);
    }

    /** An error with its sentence and the failure behind it. */
    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
