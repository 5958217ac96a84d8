package dev.ferry.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an event stands in a chain of apps, carried in three headers of every output event: a W3C
 * trace context {@value #TRACEPARENT} (the chain's trace id, and the span of the app that wrote
 * the event), {@value #ORIGIN_TIME} (when the chain's first event was made, in epoch milliseconds)
 * and {@value #HOPS} (how many apps the chain has passed through). An app whose input event has
 * none starts a chain: a new trace id, the input event's timestamp as origin, one hop. With them,
 * the hub draws the chain and measures its end-to-end latency from the events at its end alone.
 * One format, read and written only here.
 *
 * @param traceId    the chain's trace id: 32 lowercase hex digits, not all zero
 * @param spanId     the span of the app that wrote the event: 16 lowercase hex digits, not all zero
 * @param sampled    the trace context's sampled flag
 * @param originTime when the chain's first event was made
 * @param hops       how many apps the event has passed through, at least 1
 */
public record Lineage(String traceId, String spanId, boolean sampled, Instant originTime, int hops) {

    /** The W3C trace context header: {@code 00-<trace-id>-<span-id>-<flags>}. */
    public static final String TRACEPARENT = "traceparent";
    /** The origin time of the chain's first event, in epoch milliseconds, as decimal text. */
    public static final String ORIGIN_TIME = "ferry-origin-time";
    /** The number of apps the event has passed through, as decimal text. */
    public static final String HOPS = "ferry-hops";

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TRACEPARENT_V00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    /** Checks the ids are well formed and the hop count positive. */
    public Lineage {
        if (!TRACE_ID.matcher(traceId).matches() || traceId.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("not a W3C trace id (32 lowercase hex digits, not all zero): " + traceId);
        }
        if (!SPAN_ID.matcher(spanId).matches() || spanId.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("not a W3C span id (16 lowercase hex digits, not all zero): " + spanId);
        }
        Objects.requireNonNull(originTime, "originTime");
        if (hops < 1) {
            throw new IllegalArgumentException("hops must be at least 1, got " + hops);
        }
    }

    /** The {@value #TRACEPARENT} header's value. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** How long after the chain's origin {@code at} is: the chain's latency for an event seen then. */
    public Duration latencyAt(Instant at) {
        return Duration.between(originTime, at);
    }

    /**
     * The lineage of an event from its three header values (each {@code null} when the header is
     * absent). Empty when the event carries no lineage, or when any of the three is malformed: an
     * event from outside Ferry may carry a {@code traceparent} of its own, and that is no reason to
     * fail, only to start a new chain.
     */
    public static Optional<Lineage> read(byte[] traceparent, byte[] originTime, byte[] hops) {
        if (traceparent == null || originTime == null || hops == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT_V00.matcher(new String(traceparent, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long origin = Long.parseLong(new String(originTime, StandardCharsets.US_ASCII));
            int n = Integer.parseInt(new String(hops, StandardCharsets.US_ASCII));
            int flags = Integer.parseInt(m.group(3), 16);
            return Optional.of(new Lineage(m.group(1), m.group(2), (flags & 1) == 1, Instant.ofEpochMilli(origin), n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
