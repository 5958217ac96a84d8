package dev.ferry.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's command line, parsed and checked. Errors are {@link IllegalArgumentException}s
 * whose message names the option and what it expects.
 *
 * @param events         events in the throughput run
 * @param rounds         how many times each contender's throughput run is repeated (the median is reported)
 * @param contenders     which contenders run, in run order
 * @param latency        whether the fixed-rate latency run follows
 * @param latencyRate    events per second in the latency run
 * @param latencySeconds measured seconds of the latency run
 * @param warmupSeconds  seconds at the same rate before the measured ones, not counted
 * @param warmupEvents   events of the unmeasured run that warms the broker before the contenders
 * @param childJvmOptions options for every contender's JVM, the same for all
 * @param resultsDir     where the .md and .png go, or empty for the module's {@code results/}
 * @param scenario       which scenario runs: the plain pipeline or the slow function
 * @param partitions     slow scenario: the input partition counts, each run on a fresh broker
 * @param keys           slow scenario: how many distinct keys the events are drawn from
 * @param waitMs         slow scenario: the simulated I/O per event
 * @param concurrency    slow scenario: Ferry's concurrency and Parallel Consumer's maxConcurrency
 * @param windowSeconds  idle scenario: the window over which each contender's CPU is measured
 */
record BenchmarkOptions(long events, int rounds, List<Contender> contenders, boolean latency, int latencyRate, int latencySeconds,
                        int warmupSeconds, long warmupEvents, List<String> childJvmOptions, Optional<Path> resultsDir,
                        Scenario scenario, List<Integer> partitions, int keys, long waitMs, int concurrency,
                        int windowSeconds) {

    static final long DEFAULT_EVENTS = 1_000_000;
    static final long DEFAULT_SLOW_EVENTS = 50_000;
    static final int DEFAULT_KEYS = 1_000;
    static final long DEFAULT_WAIT_MS = 5;
    static final int DEFAULT_CONCURRENCY = 100;
    static final int DEFAULT_WINDOW_SECONDS = 30;
    static final List<Integer> DEFAULT_PARTITIONS = List.of(1, 6);
    static final long DEFAULT_WARMUP_EVENTS = 200_000;
    static final String DEFAULT_CHILD_JVM_OPTIONS = "-Xmx128m";

    static final String USAGE = """
            usage: java -jar ferry-benchmark/target/ferry-benchmark.jar [options]

            Runs Ferry, a hand-written kafka-clients loop, Spring for Apache Kafka and Kafka Streams on the same
            N keyed JSON events on an embedded Kafka broker, each in its own JVM, and writes a Markdown table and
            a PNG chart to ferry-benchmark/results/. With --scenario slow, runs instead a function that waits per
            event (simulated I/O) with Ferry's concurrency, Confluent's Parallel Consumer and Ferry one at a time.

              --scenario S           plain (default), slow or idle
              --events N             events in the throughput run (default 1000000; slow: 50000)
              --rounds R             repeat each contender's throughput run R times, in a rotated order each
                                     round, and report the medians (default 1)
              --contenders LIST      comma-separated, from %s (default: all of the scenario;
                                     slow: %s)
              --latency-rate R       events/s in the fixed-rate latency run (default 5000)
              --latency-seconds S    measured seconds of the latency run (default 10)
              --warmup-seconds S     seconds at that rate before measuring, not counted (default 10)
              --no-latency           skip the latency run
              --warmup-events W      events of an unmeasured kafka-clients run that warms the broker first
                                     (default: 200000 or N if smaller; slow: all N, on each fresh broker;
                                     0 for none)
              --child-jvm-opts OPTS  JVM options of every contender's JVM, space-separated (default "%s")
              --results DIR          where to write the .md and .png (default: ferry-benchmark/results)

            Slow scenario only (--rounds and the latency options do not apply to it):
              --partitions LIST      input partition counts, each on a fresh broker (default 1,6)
              --keys K               distinct keys the events are drawn from (default 1000)
              --wait-ms W            simulated I/O per event, in ms (default 5)
              --concurrency C        Ferry's concurrency and Parallel Consumer's maxConcurrency (default 100)

            Idle scenario only (an app with no input, a function that waits: CPU over a fixed window):
              --window-seconds S     the measured window, after 10 s of settling (default %d)

              --help                 this text
            """.formatted(Contender.keys(Scenario.PLAIN), Contender.keys(Scenario.SLOW), DEFAULT_CHILD_JVM_OPTIONS,
                    DEFAULT_WINDOW_SECONDS);

    /** The options in {@code args}, or empty if {@code --help} was given. */
    static Optional<BenchmarkOptions> parse(String... args) {
        Long events = null;
        int rounds = 1;
        String contenders = null;
        Scenario scenario = Scenario.PLAIN;
        List<Integer> partitions = DEFAULT_PARTITIONS;
        int keys = DEFAULT_KEYS;
        long waitMs = DEFAULT_WAIT_MS;
        int concurrency = DEFAULT_CONCURRENCY;
        int window = DEFAULT_WINDOW_SECONDS;
        boolean latency = true;
        int rate = 5_000;
        int seconds = 10;
        int warmup = 10;
        long warmupEvents = DEFAULT_WARMUP_EVENTS;
        List<String> jvm = split(DEFAULT_CHILD_JVM_OPTIONS);
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> {
                    return Optional.empty();
                }
                case "--no-latency" -> latency = false;
                case "--events" -> events = positive(option, value(args, ++i, option));
                case "--rounds" -> rounds = (int) Math.min(100, positive(option, value(args, ++i, option)));
                case "--contenders" -> contenders = value(args, ++i, option);
                case "--scenario" -> scenario = Scenario.named(value(args, ++i, option));
                case "--partitions" -> partitions = partitionList(option, value(args, ++i, option));
                case "--keys" -> keys = (int) Math.min(Integer.MAX_VALUE, positive(option, value(args, ++i, option)));
                case "--wait-ms" -> waitMs = Math.min(60_000, nonNegative(option, value(args, ++i, option)));
                case "--concurrency" -> concurrency = (int) Math.min(1000, positive(option, value(args, ++i, option)));
                case "--window-seconds" -> window = (int) Math.min(3600, positive(option, value(args, ++i, option)));
                case "--latency-rate" -> rate = (int) Math.min(Integer.MAX_VALUE, positive(option, value(args, ++i, option)));
                case "--latency-seconds" -> seconds = (int) Math.min(3600, positive(option, value(args, ++i, option)));
                case "--warmup-seconds" -> warmup = (int) Math.min(3600, nonNegative(option, value(args, ++i, option)));
                case "--warmup-events" -> warmupEvents = nonNegative(option, value(args, ++i, option));
                case "--child-jvm-opts" -> jvm = split(value(args, ++i, option));
                case "--results" -> results = Path.of(value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'; see --help");
            }
        }
        if (scenario != Scenario.PLAIN && rounds > 1) {
            throw new IllegalArgumentException("--rounds applies to the plain scenario only; the slow and idle scenarios run each "
                    + "contender once per partition count");
        }
        long n = events != null ? events : scenario == Scenario.SLOW ? DEFAULT_SLOW_EVENTS : DEFAULT_EVENTS;
        List<Contender> chosen = contenders == null ? Contender.of(scenario) : Contender.parseList(contenders, scenario);
        return Optional.of(new BenchmarkOptions(n, rounds, chosen, latency, rate, seconds, warmup, warmupEvents, jvm,
                Optional.ofNullable(results), scenario, partitions, keys, waitMs, concurrency, window));
    }

    private static List<Integer> partitionList(String option, String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                long n = positive(option, part.trim());
                if (n > 100) {
                    throw new IllegalArgumentException(option + " allows at most 100 partitions, got " + n);
                }
                if (!out.contains((int) n)) {
                    out.add((int) n);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(option + " needs at least one partition count, e.g. 1,6");
        }
        return List.copyOf(out);
    }

    /** Events produced in each contender's latency run, warm-up included. */
    long latencyEvents() {
        return (long) latencyRate * (latencySeconds + warmupSeconds);
    }

    /** The first event index of the measured part of a latency run. */
    long latencyWarmupEvents() {
        return (long) latencyRate * warmupSeconds;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; see --help");
        }
        return args[i];
    }

    private static long positive(String option, String text) {
        long n = number(option, text);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + text);
        }
        return n;
    }

    private static long nonNegative(String option, String text) {
        long n = number(option, text);
        if (n < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + text);
        }
        return n;
    }

    private static long number(String option, String text) {
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + text + "'");
        }
    }

    private static List<String> split(String options) {
        List<String> out = new ArrayList<>();
        for (String s : options.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
