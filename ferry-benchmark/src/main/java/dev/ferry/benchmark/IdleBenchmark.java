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
 * The idle scenario: what a consumer costs when it has nothing to do. Each contender runs alone in its own
 * JVM, on its own topic of a fresh embedded broker (empty, or 3 events for the function that waits on its
 * first batch), and reports its process's CPU seconds over a fixed window after settling ({@link IdleWindow}).
 * The target: an app with no input at most 0.5% of a core. Writes {@code results/idle-W.md}.
 */
final class IdleBenchmark {

    /** The target for an app with no input: this share of one core. */
    static final double TARGET_SHARE_OF_A_CORE = 0.005;
    private static final int WAITING_EVENTS = 3;

    /** One contender's window: its CPU seconds in it, its length, its peak RSS; or why it failed. */
    record Result(Contender contender, double cpuSeconds, double windowSeconds, double peakRssMb, Optional<String> failure) {

        double shareOfACore() {
            return cpuSeconds / windowSeconds;
        }
    }

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final Path logs = ModulePaths.logsDir();

    IdleBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Whether every contender reported its window. */
    static boolean passed(List<Result> results) {
        return results.stream().allMatch(r -> r.failure().isEmpty());
    }

    List<Result> run() throws IOException, InterruptedException {
        RunInfo info = RunInfo.now(0, options.childJvmOptions());
        out.println("Ferry benchmark, idle scenario: " + info.summary());
        say("load", "%s", info.busyLine());
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             BenchCluster cluster = new BenchCluster(broker.bootstrapServers())) {
            for (Contender c : options.contenders()) {
                results.add(run(cluster, c));
            }
        }
        write(info, results);
        return results;
    }

    private Result run(BenchCluster cluster, Contender c) throws InterruptedException {
        String input = BenchTopics.idleInput(c.key());
        String output = BenchTopics.idleOutput(c.key());
        cluster.createInput(input);
        cluster.createOutput(output);
        long events = c == Contender.FERRY_WAITING ? WAITING_EVENTS : 0;
        if (events > 0) {
            EventLoader.loadSlow(cluster.bootstrap(), input, events, (int) events);
        }
        RunSpec spec = new RunSpec(cluster.bootstrap(), input, output, BenchTopics.group(output), events,
                options.windowSeconds() * 1000L, 1);
        Path log = logs.resolve("idle-" + c.key() + ".log");
        try (ChildProcess child = ChildProcess.start(c, spec, options.childJvmOptions(), log)) {
            ChildReport report = child.awaitReport(Duration.ofSeconds(120 + options.windowSeconds()));
            Result r = new Result(c, report.cpuNanos() / 1e9, report.processingMs() / 1000.0,
                    report.peakRssKb() / 1024.0, Optional.empty());
            say(c.key(), "%.2f CPU s in %.0f s: %.2f%% of a core, peak RSS %.0f MiB (threads: %s)", r.cpuSeconds(),
                    r.windowSeconds(), 100 * r.shareOfACore(), r.peakRssMb(), log);
            return r;
        } catch (IllegalStateException e) {
            say(c.key(), "FAILED: %s", e.getMessage());
            return new Result(c, 0, 0, 0, Optional.of(e.getMessage()));
        }
    }

    /** The results table in Markdown. */
    static String table(List<Result> results) {
        StringBuilder t = new StringBuilder("| contender | window s | CPU s | % of a core | peak RSS MiB |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            t.append(r.failure().map(f -> String.format(Locale.ROOT, "| %s | – | – | failed: %s | – |%n", r.contender().key(), f))
                    .orElseGet(() -> String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f%% | %.0f |%n", r.contender().key(),
                            r.windowSeconds(), r.cpuSeconds(), 100 * r.shareOfACore(), r.peakRssMb())));
        }
        return t.toString();
    }

    private void write(RunInfo info, List<Result> results) throws IOException {
        Path dir = options.resultsDir().orElse(ModulePaths.resultsDir());
        Files.createDirectories(dir);
        Path md = dir.resolve("idle-" + options.windowSeconds() + ".md");
        StringBuilder d = new StringBuilder("# Ferry benchmark: idle scenario\n\n");
        d.append(info.summary()).append("\n\n").append(info.busyLine()).append(".\n\n");
        d.append("Each contender alone in its own JVM on its own topic; CPU of the whole process over a ")
                .append(options.windowSeconds()).append(" s window that starts 10 s after it settled (for the waiting "
                        + "function: 10 s after it was called). Target: an app with no input at most ")
                .append(String.format(Locale.ROOT, "%.1f%%", 100 * TARGET_SHARE_OF_A_CORE)).append(" of a core.\n\n");
        d.append(table(results)).append('\n');
        for (Contender c : options.contenders()) {
            d.append("- `").append(c.key()).append("`: ").append(c.setup()).append('\n');
        }
        Files.writeString(md, d.toString());
        out.println();
        out.println(table(results));
        out.println("Written: " + md + " (contender logs, with each one's busiest threads, in " + logs + ")");
    }

    private void say(String what, String format, Object... args) {
        out.printf(Locale.ROOT, "%-22s %s%n", what, String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
