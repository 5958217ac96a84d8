package dev.ferry.proxy.wire;

import java.util.Objects;

/**
 * The proxy's answer to one {@link WriteRequest}, sent once the broker acknowledged all of its
 * records ({@link Outcome#WRITTEN}), or at once when a record breaks a rule ({@link Outcome#REJECTED}:
 * nothing of the batch was written), or when the write failed in a way that may pass
 * ({@link Outcome#FAILED}: the cluster did not take it, the app is not in the catalog yet).
 *
 * @param sequence the request's sequence number
 * @param outcome  what happened
 * @param index    for a rejection, the index of the record among the request's records; else -1
 * @param rule     for a rejection, the rule it broke, such as {@code schema}; else empty
 * @param message  a sentence saying what happened; empty when written
 */
public record WriteReply(long sequence, Outcome outcome, int index, String rule, String message) {

    /** What became of a batch. */
    public enum Outcome {
        /** Every record is acknowledged by the broker ({@code acks=all}). */
        WRITTEN,
        /** A record broke a rule; nothing of the batch was written, and trying again gives the same. */
        REJECTED,
        /** Nothing is known to be written; trying again may succeed. */
        FAILED
    }

    /** Checks nothing is null. */
    public WriteReply {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** The batch is written. */
    public static WriteReply written(long sequence) {
        return new WriteReply(sequence, Outcome.WRITTEN, -1, "", "");
    }

    /** Record {@code index} broke {@code rule}. */
    public static WriteReply rejected(long sequence, int index, String rule, String message) {
        return new WriteReply(sequence, Outcome.REJECTED, index, rule, message);
    }

    /** The write failed for a reason that may pass. */
    public static WriteReply failed(long sequence, String message) {
        return new WriteReply(sequence, Outcome.FAILED, -1, "", message);
    }
}
