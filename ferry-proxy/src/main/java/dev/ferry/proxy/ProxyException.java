package dev.ferry.proxy;

/** A mistake in the proxy's config or rules file, or a proxy that cannot start: a sentence naming what and where. */
public final class ProxyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its sentence. */
    public ProxyException(String message) {
        super(message);
    }

    /** A failure with its sentence and cause. */
    public ProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
