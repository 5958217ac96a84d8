package dev.ferry.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The standard shape of an emitted event: {@code {"metadata": {timestamp, id, version}, "payload":
 * {...}}}. Declare it on an output with {@link Output#payload()} and build it with {@link #of}.
 *
 * <p>{@link #of} leaves the id and the version empty, and the engine fills them in as it writes
 * the event (see {@link Metadata}): the id is derived from the input event the envelope was made
 * from, so that an input processed twice (a retry, a replay after a restart) gives outputs with the
 * same ids, which a reader can drop; the version is the output's {@link Output#version()}, else
 * {@value #DEFAULT_VERSION}.
 *
 * @param metadata when, which and what version
 * @param payload  the author's own event
 * @param <P>      the payload type
 */
public record Envelope<P>(Metadata metadata, P payload) {

    /** The version the engine writes when neither the envelope nor {@link Output#version()} names one. */
    public static final String DEFAULT_VERSION = "1";

    /** Checks that neither part is null. */
    public Envelope {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Wraps a payload with the current time; the id and the version are left empty for the engine
     * to fill in (the version from {@link Output#version()}, else {@value #DEFAULT_VERSION}).
     */
    public static <P> Envelope<P> of(P payload) {
        return of(payload, Metadata.UNSET);
    }

    /**
     * Wraps a payload with the current time and the given version, such as the version of a model
     * loaded at start-up; the id is left empty for the engine to fill in.
     */
    public static <P> Envelope<P> of(P payload, String version) {
        return new Envelope<>(new Metadata(Instant.now().toString(), Metadata.UNSET, version), payload);
    }
}
