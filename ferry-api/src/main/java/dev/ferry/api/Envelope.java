package dev.ferry.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The standard shape of an emitted event: {@code {"metadata": {timestamp, id, version}, "payload":
 * {...}}}. Declare it on an output with {@link Output#payload()} and build it with {@link #of}.
 *
 * @param metadata when, which and what version
 * @param payload  the author's own event
 * @param <P>      the payload type
 */
public record Envelope<P>(Metadata metadata, P payload) {

    /** The version written by {@link #of(Object)} when the author names none. */
    public static final String DEFAULT_VERSION = "1";

    /** Checks that neither part is null. */
    public Envelope {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }

    /** Wraps a payload with the current time, a random UUID and version {@value #DEFAULT_VERSION}. */
    public static <P> Envelope<P> of(P payload) {
        return of(payload, DEFAULT_VERSION);
    }

    /** Wraps a payload with the current time, a random UUID and the given version. */
    public static <P> Envelope<P> of(P payload, String version) {
        return new Envelope<>(
                new Metadata(Instant.now().toString(), UUID.randomUUID().toString(), version), payload);
    }
}
