package dev.ferry.api;

import java.util.Objects;

/**
 * The {@code metadata} part of the standard {@link Envelope}: when the event was made, an id that
 * readers can use to drop duplicates, and the version of the producing logic.
 *
 * <p>A part left empty ({@link #UNSET}) is filled in by the engine as it writes the event: the
 * timestamp with the current time, the version with the output's {@link Output#version()} (else
 * {@value Envelope#DEFAULT_VERSION}), and the id with one derived from the input event the envelope
 * was made from and its place among that event's outputs: the same input event gives the same ids
 * every time it is processed, so the id is the event's idempotency key. A part the author sets is
 * written as it is.
 *
 * @param timestamp an ISO-8601 instant, such as {@code 2026-11-25T09:30:00.123Z}
 * @param id        an id of this event, unique unless it is a duplicate of an earlier one
 * @param version   the version of the logic that made it, such as a model version
 */
public record Metadata(String timestamp, String id, String version) {

    /** What a part of the metadata is when it is left for the engine to fill in: empty. */
    public static final String UNSET = "";

    /** Checks that no part is null: an envelope's readers rely on all three. */
    public Metadata {
        Objects.requireNonNull(timestamp, "metadata.timestamp");
        Objects.requireNonNull(id, "metadata.id");
        Objects.requireNonNull(version, "metadata.version");
    }
}
