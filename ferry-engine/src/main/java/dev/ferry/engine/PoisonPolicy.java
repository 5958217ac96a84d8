package dev.ferry.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happens to an event that keeps failing after its retries. Chosen in the platform profile,
 * because it trades completeness of the output against the app's availability.
 */
public enum PoisonPolicy {
    /**
     * The talk's choice and the default: the consumer stops at the event until the function (or the
     * data) is fixed and the app restarted. Nothing is skipped; lag grows and alerts.
     */
    HALT("halt"),
    /**
     * The event goes to the app's dead-letter topic, with headers saying where it came from and why
     * it failed, and processing goes on with the next event. Only the failing event goes there.
     */
    DEAD_LETTER("dead-letter");

    private final String key;

    PoisonPolicy(String key) {
        this.key = key;
    }

    /** The name used in the profile, such as {@code dead-letter}. */
    public String key() {
        return key;
    }

    /** Parses a profile value; the error lists what is accepted. */
    public static PoisonPolicy parse(String value, String where) {
        for (PoisonPolicy p : values()) {
            if (p.key.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new ProfileException(where + ": unknown poison policy '" + value + "'; expected one of "
                + Arrays.stream(values()).map(PoisonPolicy::key).collect(Collectors.joining(", ")));
    }
}
