package dev.ferry.benchmark;

/**
 * The benchmark's topic and group names, in one place because the Ferry contender's are fixed at
 * compile time by its {@code @Ferry} annotations ({@link FerryBenchApp}), which use these constants.
 *
 * <p>Every contender reads the same input topic and writes its own output topic; its consumer group
 * is named after that output topic, so each contender runs in a fresh group. The latency run gives
 * each contender its own input topic too, so that it starts empty and fills at the fixed rate.
 */
final class BenchTopics {

    /** The throughput run's input: N keyed JSON events, read by every contender. */
    static final String INPUT = "bench.in";
    /** The prefix of the throughput run's output topics: {@code bench.out.<contender>}. */
    static final String OUTPUT_PREFIX = "bench.out.";
    /** The prefix of the latency run's input topics: {@code bench.latency.in.<contender>}. */
    static final String LATENCY_INPUT_PREFIX = "bench.latency.in.";
    /** The prefix of the latency run's output topics: {@code bench.latency.out.<contender>}. */
    static final String LATENCY_OUTPUT_PREFIX = "bench.latency.out.";

    /** The slow scenario's input (on a fresh broker for each partition count). */
    static final String SLOW_INPUT = "bench.slow.in";
    /** The prefix of the slow scenario's output topics: {@code bench.slow.out.<contender>}. */
    static final String SLOW_OUTPUT_PREFIX = "bench.slow.out.";
    static final String IDLE_INPUT_PREFIX = "bench.idle.in.";
    static final String IDLE_OUTPUT_PREFIX = "bench.idle.out.";

    /** The output of the discarded warm-up run, which warms the broker's JVM before anything is measured. */
    static final String WARMUP_OUTPUT = "bench.warmup";
    /** The same for the slow scenario, whose every partition count has a fresh broker. */
    static final String SLOW_WARMUP_OUTPUT = "bench.slow.warmup";

    /** Partitions of every benchmark topic. */
    static final int PARTITIONS = 3;

    private BenchTopics() {
    }

    static String output(String contender) {
        return OUTPUT_PREFIX + contender;
    }

    /** The idle scenario's input topic of a contender: empty, or a few events for a function that waits. */
    static String idleInput(String contender) {
        return IDLE_INPUT_PREFIX + contender;
    }

    /** The idle scenario's output topic of a contender. */
    static String idleOutput(String contender) {
        return IDLE_OUTPUT_PREFIX + contender;
    }

    static String slowOutput(String contender) {
        return SLOW_OUTPUT_PREFIX + contender;
    }

    static String latencyInput(String contender) {
        return LATENCY_INPUT_PREFIX + contender;
    }

    static String latencyOutput(String contender) {
        return LATENCY_OUTPUT_PREFIX + contender;
    }

    /** The consumer group of the contender that writes {@code outputTopic}. */
    static String group(String outputTopic) {
        return outputTopic;
    }
}
