package dev.ferry.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The delivery guarantee the platform gives an app's events. Chosen in the platform profile,
 * because it decides what authors' functions must tolerate; an app can only ask for a stricter one
 * ({@code @Ferry(delivery = ...)}).
 */
public enum Guarantee {
    /**
     * Offsets are committed only after the function succeeded and every output was acknowledged by
     * the broker. A crash repeats work since the last commit, so functions should be idempotent.
     */
    AT_LEAST_ONCE("at-least-once", 1),
    /**
     * Outputs and input offsets are committed in one Kafka transaction per batch (and per narrowed
     * part of a failing batch): a crash or rebalance aborts the open transaction, so each input
     * event's outputs appear exactly once to consumers that read with
     * {@code isolation.level=read_committed}. Needs a cluster with transactions.
     */
    EXACTLY_ONCE("exactly-once", 2),
    /**
     * Input offsets are committed before the function runs: a crash or a failure never repeats an
     * event, but the batch in flight when the app crashed, or an event it halted on, is lost (skipped
     * on restart). For authors who prefer skipping to repeating.
     */
    AT_MOST_ONCE("at-most-once", 0);

    private final String key;
    private final int strictness;

    Guarantee(String key, int strictness) {
        this.key = key;
        this.strictness = strictness;
    }

    /** Orders guarantees: at-most-once, then at-least-once, then exactly-once. */
    int strictness() {
        return strictness;
    }

    /** The name used in the profile, such as {@code at-least-once}. */
    public String key() {
        return key;
    }

    /** Parses a profile value; the error lists what is accepted. */
    public static Guarantee parse(String value, String where) {
        for (Guarantee g : values()) {
            if (g.key.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new ProfileException(where + ": unknown guarantee '" + value + "'; "
                + "expected one of " + Arrays.stream(values()).map(Guarantee::key).collect(Collectors.joining(", ")));
    }
}
