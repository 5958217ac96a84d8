package dev.ferry.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a contender's child JVM reports on stdout, as one line, when every input event is committed.
 * Times are wall-clock milliseconds since the epoch, comparable across processes on one machine.
 *
 * @param jvmStartMs   when the child JVM started
 * @param firstEventMs when the contender's code first saw an event
 * @param doneMs       when the child saw every input event committed by its group
 * @param cpuNanos     CPU time of the whole child process (all threads) until then
 * @param peakRssKb    the child's peak resident set size until then ({@code VmHWM}), -1 if unknown
 */
record ChildReport(long jvmStartMs, long firstEventMs, long doneMs, long cpuNanos, long peakRssKb) {

    static final String PREFIX = "FERRY-BENCH DONE";
    /** The line a child prints instead, followed by why, when its contender failed. */
    static final String FAILED = "FERRY-BENCH FAILED";
    /** The line a Ferry child prints, followed by why, when the engine rejects its app at start-up. */
    static final String UNSUPPORTED = "FERRY-BENCH UNSUPPORTED";

    /** The line the child prints. */
    String line() {
        return PREFIX + " jvmStartMs=" + jvmStartMs + " firstEventMs=" + firstEventMs + " doneMs=" + doneMs
                + " cpuNanos=" + cpuNanos + " peakRssKb=" + peakRssKb;
    }

    /** The report in a line the child printed, if it is one. */
    static Optional<ChildReport> parse(String line) {
        if (!line.startsWith(PREFIX + " ")) {
            return Optional.empty();
        }
        Map<String, Long> fields = new HashMap<>();
        for (String part : line.substring(PREFIX.length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            }
        }
        return Optional.of(new ChildReport(fields.getOrDefault("jvmStartMs", 0L), fields.getOrDefault("firstEventMs", 0L),
                fields.getOrDefault("doneMs", 0L), fields.getOrDefault("cpuNanos", 0L),
                fields.getOrDefault("peakRssKb", -1L)));
    }

    /** Milliseconds from the first event to the last commit: the measured processing time. */
    long processingMs() {
        return Math.max(1, doneMs - firstEventMs);
    }
}
