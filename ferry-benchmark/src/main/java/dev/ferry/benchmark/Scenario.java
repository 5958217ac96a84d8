package dev.ferry.benchmark;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the contenders are asked to do. {@link #PLAIN}: the cheap enrichment pipeline, where the Kafka
 * client and the framework are the cost. {@link #SLOW}: a function that waits a few milliseconds per event
 * (simulated I/O), where what counts is how many events a contender keeps in flight while per-key order holds.
 * {@link #IDLE}: nothing to do (no input, or a function that waits), where what counts is the CPU a consumer
 * burns over a fixed window, which a platform running hundreds of them pays for.
 */
enum Scenario {

    PLAIN("plain"),
    SLOW("slow"),
    IDLE("idle");

    private final String key;

    Scenario(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static Scenario named(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + key + "'; known: "
                        + Arrays.stream(values()).map(Scenario::key).collect(Collectors.joining(","))));
    }
}
