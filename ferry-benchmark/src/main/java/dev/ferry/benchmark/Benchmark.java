package dev.ferry.benchmark;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One benchmark run: starts the embedded broker, loads the input, runs each contender in its own
 * child JVM one after the other (then, unless disabled, each again at a fixed rate for latency), and
 * writes the report and the chart.
 */
final class Benchmark {

    private static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GROUP_DELETE_TIMEOUT = Duration.ofSeconds(90);

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final Path logs = ModulePaths.logsDir();

    Benchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs everything; returns whether every contender finished with all N outputs in its topic. */
    boolean run() throws IOException, InterruptedException {
        RunInfo info = RunInfo.now(options.events(), options.childJvmOptions());
        out.println("Ferry benchmark: " + info.summary());
        say("load", "%s", info.busyLine());
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             BenchCluster cluster = new BenchCluster(broker.bootstrapServers())) {
            say("broker", "embedded Kafka broker at %s, ready in %d ms", broker.bootstrapServers(), millisSince(started));
            load(cluster, info);
            warmUp(cluster);
            List<ThroughputSummary> throughput = throughputRounds(cluster);
            for (Contender c : options.contenders()) {
                say(c.key(), "wrote e.g. %s", cluster.sample(BenchTopics.output(c.key())).orElse("nothing"));
            }
            List<LatencyResult> latency = new ArrayList<>();
            for (Contender c : options.latency() ? options.contenders() : List.<Contender>of()) {
                latency.add(latency(cluster, c));
            }
            write(info, throughput, latency);
            return throughput.stream().allMatch(ThroughputSummary::complete)
                    && latency.stream().allMatch(r -> r.latency().isPresent());
        }
    }

    private void load(BenchCluster cluster, RunInfo info) {
        cluster.createInput(BenchTopics.INPUT);
        long loading = System.nanoTime();
        EventLoader.loadAll(cluster.bootstrap(), BenchTopics.INPUT, options.events());
        say("input", "%,d events (about %d bytes each) on %s in %d ms", options.events(), info.eventBytes(),
                BenchTopics.INPUT, millisSince(loading));
    }

    /**
     * Runs the baseline on the input once, unmeasured: the broker lives in this JVM, and without this the
     * first contender would run against a broker whose fetch and produce paths are not compiled yet.
     */
    private void warmUp(BenchCluster cluster) throws InterruptedException {
        long events = Math.min(options.events(), options.warmupEvents());
        if (events == 0) {
            return;
        }
        cluster.createOutput(BenchTopics.WARMUP_OUTPUT);
        RunSpec spec = new RunSpec(cluster.bootstrap(), BenchTopics.INPUT, BenchTopics.WARMUP_OUTPUT,
                BenchTopics.group(BenchTopics.WARMUP_OUTPUT), events);
        long started = System.nanoTime();
        try (ChildProcess child = ChildProcess.start(Contender.BASELINE, spec, options.childJvmOptions(),
                logs.resolve("warmup.log"))) {
            child.awaitReport(Duration.ofSeconds(60 + events / 2_000));
        }
        say("warm-up", "%,d events through %s to warm the broker, not measured (%d ms)", events, Contender.BASELINE.key(),
                millisSince(started));
    }

    /**
     * Runs every contender once per round; each round starts one contender later in the list, so that no
     * contender always runs first or right after the same one.
     */
    private List<ThroughputSummary> throughputRounds(BenchCluster cluster) throws InterruptedException {
        List<Contender> contenders = options.contenders();
        Map<Contender, List<ThroughputResult>> runs = new LinkedHashMap<>();
        contenders.forEach(c -> runs.put(c, new ArrayList<>()));
        for (int round = 0; round < options.rounds(); round++) {
            if (options.rounds() > 1) {
                say("round", "%d of %d", round + 1, options.rounds());
            }
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get((i + round) % contenders.size());
                runs.get(c).add(throughput(cluster, c, round));
            }
        }
        return contenders.stream().map(c -> new ThroughputSummary(c, runs.get(c))).toList();
    }

    private ThroughputResult throughput(BenchCluster cluster, Contender c, int round) throws InterruptedException {
        String output = BenchTopics.output(c.key());
        cluster.createOutput(output);
        RunSpec spec = new RunSpec(cluster.bootstrap(), BenchTopics.INPUT, output, BenchTopics.group(output), options.events());
        cluster.deleteGroup(spec.group(), GROUP_DELETE_TIMEOUT);
        long before = cluster.count(output);
        Duration timeout = Duration.ofSeconds(60 + options.events() / 2_000);
        String log = "throughput-" + c.key() + (options.rounds() > 1 ? "-round" + (round + 1) : "") + ".log";
        long brokerCpu = ProcessStats.now().cpuNanos();
        ChildProcess child = ChildProcess.start(c, spec, options.childJvmOptions(), logs.resolve(log));
        ThroughputResult result;
        try (child) {
            ChildReport report = child.awaitReport(timeout);
            brokerCpu = ProcessStats.now().cpuNanos() - brokerCpu;
            result = ThroughputResult.done(c, options.events(), report, child.launchedMs(), cluster.count(output) - before,
                    brokerCpu);
        } catch (IllegalStateException e) {
            long after = cluster.countOrUnknown(output);
            result = ThroughputResult.failed(c, options.events(), child.launchedMs(), after < 0 ? -1 : after - before,
                    e.getMessage());
        }
        if (result.ok()) {
            say(c.key(), "%,.0f events/s, %.1f CPU s (broker %.1f), peak RSS %.0f MiB, %,d new in %s (%.1f s from launch)",
                    result.eventsPerSecond(), result.cpuSeconds(), result.brokerCpuSeconds(), result.peakRssMb(),
                    result.outputEvents(), output, result.wallFromLaunchSeconds());
        } else {
            say(c.key(), "FAILED: %s", result.failure().orElse("?"));
        }
        return result;
    }

    private LatencyResult latency(BenchCluster cluster, Contender c) throws InterruptedException {
        String input = BenchTopics.latencyInput(c.key());
        String output = BenchTopics.latencyOutput(c.key());
        cluster.createInput(input);
        cluster.createOutput(output);
        long total = options.latencyEvents();
        RunSpec spec = new RunSpec(cluster.bootstrap(), input, output, BenchTopics.group(output), total);
        ChildProcess child = ChildProcess.start(c, spec, options.childJvmOptions(), logs.resolve("latency-" + c.key() + ".log"));
        try (child) {
            if (!cluster.awaitAssigned(spec.group(), input, ASSIGN_TIMEOUT, child)) {
                throw new IllegalStateException("its group did not own every input partition within "
                        + ASSIGN_TIMEOUT.toSeconds() + " s; see " + child.log());
            }
            double rate = EventLoader.loadAtRate(cluster.bootstrap(), input, total, options.latencyRate());
            child.awaitReport(Duration.ofSeconds(60 + options.latencySeconds()));
            LatencyReader.Percentiles p = LatencyReader.read(cluster, output, options.latencyWarmupEvents());
            say(c.key(), "latency at %,.0f events/s: p50 %d ms, p99 %d ms, max %d ms over %,d events", rate, p.p50(), p.p99(),
                    p.max(), p.count());
            return new LatencyResult(c, total, rate, Optional.of(p), cluster.count(output), Optional.empty());
        } catch (IllegalStateException e) {
            say(c.key(), "latency run FAILED: %s", e.getMessage());
            return new LatencyResult(c, total, Double.NaN, Optional.empty(), cluster.countOrUnknown(output), Optional.of(e.getMessage()));
        }
    }

    private void write(RunInfo info, List<ThroughputSummary> throughput, List<LatencyResult> latency) throws IOException {
        Path dir = options.resultsDir().orElse(ModulePaths.resultsDir());
        Files.createDirectories(dir);
        String base = "events-" + options.events();
        Path md = dir.resolve(base + ".md");
        Path png = dir.resolve(base + ".png");
        ResultsChart.write(png, info, throughput, options.rounds());
        Files.writeString(md, Report.document(info, options, throughput, latency, png.getFileName().toString()));
        out.println();
        out.println(Report.throughputTable(throughput));
        if (!latency.isEmpty()) {
            out.printf(Locale.ROOT, "End-to-end latency, %,d events/s for %d s after %d s of warm-up:%n%n",
                    options.latencyRate(), options.latencySeconds(), options.warmupSeconds());
            out.println(Report.latencyTable(latency));
        }
        out.println("Written: " + md + " and " + png + " (contender logs in " + logs + ")");
    }

    private void say(String what, String format, Object... args) {
        out.printf(Locale.ROOT, "%-14s %s%n", what, String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
