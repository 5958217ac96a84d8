package dev.ferry.benchmark;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The slow-function scenario: each event costs a fixed wait (simulated I/O, not CPU). For each input
 * partition count, on a fresh embedded broker: load N events keyed by K ids, each numbered within its key;
 * then run each contender alone in its own JVM and fresh group, as the plain scenario does, and read its
 * output topic back to check that all N came out and every key in order ({@link OrderCheck}). Writes
 * {@code results/slow-N.md} and {@code slow-N.png} and prints the table.
 */
final class SlowBenchmark {

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final Path logs = ModulePaths.logsDir();

    SlowBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Whether every contender that could run finished with all events out, each key in order. */
    static boolean passed(List<SlowResult> results) {
        return results.stream().allMatch(r -> !r.supported() || r.ok());
    }

    /** Runs every partition count and contender, writes the report, and returns the results. */
    List<SlowResult> run() throws IOException, InterruptedException {
        RunInfo info = RunInfo.now(options.events(), options.childJvmOptions());
        out.println("Ferry benchmark, slow scenario: " + info.summary());
        say("scenario", "%,d events, keys from %,d ids, %d ms of simulated I/O per event, concurrency %d, partitions %s",
                options.events(), options.keys(), options.waitMs(), options.concurrency(), options.partitions());
        say("load", "%s", info.busyLine());
        List<SlowResult> results = new ArrayList<>();
        for (int partitions : options.partitions()) {
            long started = System.nanoTime();
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
                 BenchCluster cluster = new BenchCluster(broker.bootstrapServers())) {
                say("broker", "fresh embedded Kafka broker at %s for %d partition(s), ready in %d ms",
                        broker.bootstrapServers(), partitions, millisSince(started));
                cluster.createTopic(BenchTopics.SLOW_INPUT, partitions);
                long loading = System.nanoTime();
                EventLoader.loadSlow(cluster.bootstrap(), BenchTopics.SLOW_INPUT, options.events(), options.keys());
                say("input", "%,d events on %s (%d partition(s)) in %d ms", options.events(), BenchTopics.SLOW_INPUT,
                        partitions, millisSince(loading));
                warmUp(cluster, partitions);
                for (Contender c : options.contenders()) {
                    results.add(run(cluster, c, partitions));
                }
            }
        }
        write(info, results);
        return results;
    }

    /**
     * Copies the input once with a plain kafka-clients loop (in this JVM), unmeasured: the broker is fresh, and
     * without this the first contender would pay for compiling its fetch, produce and commit paths (measured: the
     * first contender of a run lost a fifth of its rate).
     */
    private void warmUp(BenchCluster cluster, int partitions) throws InterruptedException {
        if (options.warmupEvents() == 0) {
            return;
        }
        String output = BenchTopics.SLOW_WARMUP_OUTPUT;
        cluster.createTopic(output, partitions);
        RunSpec spec = new RunSpec(cluster.bootstrap(), BenchTopics.SLOW_INPUT, output, BenchTopics.group(output),
                options.events());
        long started = System.nanoTime();
        try (CommitWatcher watcher = new CommitWatcher(spec); ContenderRunner loop = KafkaClientsLoop.copying(spec)) {
            watcher.awaitAllCommitted(loop::failure);
        }
        say("warm-up", "the broker copied the input once with a kafka-clients loop in %d ms (not measured)",
                millisSince(started));
    }

    private SlowResult run(BenchCluster cluster, Contender c, int partitions) throws InterruptedException {
        String output = BenchTopics.slowOutput(c.key());
        cluster.createTopic(output, partitions);
        RunSpec spec = new RunSpec(cluster.bootstrap(), BenchTopics.SLOW_INPUT, output, BenchTopics.group(output),
                options.events(), options.waitMs(), options.concurrency());
        // three times the one-at-a-time duration, plus start-up
        Duration timeout = Duration.ofSeconds(60 + 3 * options.events() * options.waitMs() / 1000);
        Path log = logs.resolve("slow-" + c.key() + "-p" + partitions + ".log");
        String name = String.format(Locale.ROOT, "%s p%d", c.key(), partitions);
        long brokerCpu = ProcessStats.now().cpuNanos();
        ChildProcess child;
        try {
            child = ChildProcess.start(c, spec, options.childJvmOptions(), log);
        } catch (ContenderUnsupportedException e) {
            return unsupported(name, c, partitions, e);
        }
        ThroughputResult run;
        try (child) {
            ChildReport report = child.awaitReport(timeout);
            brokerCpu = ProcessStats.now().cpuNanos() - brokerCpu;
            run = ThroughputResult.done(c, options.events(), report, child.launchedMs(), cluster.count(output), brokerCpu);
        } catch (ContenderUnsupportedException e) {
            return unsupported(name, c, partitions, e);
        } catch (IllegalStateException e) {
            run = ThroughputResult.failed(c, options.events(), child.launchedMs(), cluster.countOrUnknown(output), e.getMessage());
        }
        Optional<OrderCheck.Result> order = Optional.empty();
        try {
            order = Optional.of(OrderCheck.read(cluster, output, options.events()));
        } catch (RuntimeException e) {
            say(name, "could not read %s back: %s", output, e.getMessage());
        }
        SlowResult result = new SlowResult(c, partitions, run, order, Optional.empty());
        if (run.ok()) {
            say(name, "%,.0f events/s, %.1f CPU s, peak RSS %.0f MiB, %.1f s from launch; %s", run.eventsPerSecond(),
                    run.cpuSeconds(), run.peakRssMb(), run.wallFromLaunchSeconds(),
                    order.map(SlowBenchmark::describe).orElse("output not checked"));
        } else {
            say(name, "FAILED: %s; %s", run.failure().orElse("?"), order.map(SlowBenchmark::describe).orElse("output not checked"));
        }
        return result;
    }

    private SlowResult unsupported(String name, Contender c, int partitions, ContenderUnsupportedException e) {
        say(name, "SKIPPED, not supported by this build: %s", e.getMessage());
        return new SlowResult(c, partitions, ThroughputResult.failed(c, options.events(), 0, -1, e.getMessage()),
                Optional.empty(), Optional.of(e.getMessage()));
    }

    static String describe(OrderCheck.Result r) {
        return String.format(Locale.ROOT, "%,d of %,d events out%s, %d order violation(s), %d duplicate(s)", r.distinct(),
                r.expected(), r.missing() > 0 ? " (" + r.missing() + " missing)" : "", r.violations(), r.duplicates());
    }

    private void write(RunInfo info, List<SlowResult> results) throws IOException {
        Path dir = options.resultsDir().orElse(ModulePaths.resultsDir());
        Files.createDirectories(dir);
        String base = "slow-" + options.events();
        Path md = dir.resolve(base + ".md");
        Path png = dir.resolve(base + ".png");
        SlowChart.write(png, info, options, results);
        Files.writeString(md, SlowReport.document(info, options, results, png.getFileName().toString()));
        out.println();
        out.println(SlowReport.table(results));
        out.println(SlowReport.targets(results));
        out.println("Written: " + md + " and " + png + " (contender logs in " + logs + ")");
    }

    private void say(String what, String format, Object... args) {
        out.printf(Locale.ROOT, "%-22s %s%n", what, String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
