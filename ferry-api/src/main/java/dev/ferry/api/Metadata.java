package dev.ferry.api;

import java.util.Objects;

/**
 * The {@code metadata} part of the standard {@link Envelope}: when the event was made, a unique id
 * readers can use to drop duplicates, and the version of the producing logic.
 *
 * @param timestamp an ISO-8601 instant, such as {@code 2026-11-25T09:30:00.123Z}
 * @param id        a unique id of this event
 * @param version   the version of the logic that made it, such as a model version
 */
public record Metadata(String timestamp, String id, String version) {

    /** Checks that no part is null: an envelope's readers rely on all three. */
    public Metadata {
        Objects.requireNonNull(timestamp, "metadata.timestamp");
        Objects.requireNonNull(id, "metadata.id");
        Objects.requireNonNull(version, "metadata.version");
    }
}
