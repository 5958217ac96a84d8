package dev.ferry.api;

/**
 * The delivery guarantee an app asks for at least, in {@link Ferry#delivery()}. The platform owns the
 * guarantee; this only lets an app refuse to run under a weaker one than it needs.
 */
public enum Delivery {
    /** Whatever the platform profile chose. */
    PLATFORM,
    /**
     * Each event is processed until its outputs are acknowledged; a crash may repeat events, never
     * skip them. Overrides a platform choice of at-most-once.
     */
    AT_LEAST_ONCE,
    /**
     * Each event's outputs appear exactly once to consumers that read committed (Kafka
     * transactions). Needs a cluster with transactions.
     */
    EXACTLY_ONCE
}
