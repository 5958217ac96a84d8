package dev.ferry.runbook;

import java.time.Duration;

/** Durations as Prometheus writes them in rules and range selectors: {@code 90s}, {@code 5m}, {@code 1h}. */
final class PrometheusDuration {

    private PrometheusDuration() {
    }

    /** The largest whole unit that states {@code d} exactly, e.g. {@code 2m} for 120 seconds, {@code 0s} for none. */
    static String of(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
