package dev.ferry.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The slow scenario's results as Markdown: the table, the targets, and what the numbers mean. */
final class SlowReport {

    /** Ferry with concurrency must be at least this many times faster than itself one at a time. */
    static final double SEQUENTIAL_TARGET = 50;

    private SlowReport() {
    }

    /** One row per partition count and contender; the ratio is to ferry-sequential at the same partition count. */
    static String table(List<SlowResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| partitions | contender | events/s | vs ferry-sequential | CPU s | peak RSS MiB | output events "
                + "| order violations | duplicates | wall s from launch |\n");
        t.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (SlowResult r : results) {
            t.append("| ").append(r.partitions()).append(" | ").append(r.contender().key()).append(" | ");
            ThroughputResult run = r.run();
            if (r.unsupported().isPresent()) {
                t.append("not supported by this build: ").append(escape(r.unsupported().get())).append(" | | | | | | | |");
            } else if (run.ok()) {
                t.append(String.format(Locale.ROOT, "%,.0f | %s | %.1f | %.0f | %s | %s | %s | %.1f |", run.eventsPerSecond(),
                        ratio(r, sequential(results, r.partitions())), run.cpuSeconds(), run.peakRssMb(), outputs(r),
                        violations(r), duplicates(r), run.wallFromLaunchSeconds()));
            } else {
                t.append("failed: ").append(escape(run.failure().orElse("?"))).append(" | | | | ").append(outputs(r))
                        .append(" | ").append(violations(r)).append(" | ").append(duplicates(r)).append(" | |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    /** Whether ferry-concurrent met its targets, per partition count, as sentences. */
    static String targets(List<SlowResult> results) {
        StringBuilder t = new StringBuilder();
        for (int partitions : results.stream().map(SlowResult::partitions).distinct().toList()) {
            Optional<SlowResult> ferry = find(results, Contender.FERRY_CONCURRENT, partitions);
            if (ferry.isEmpty()) {
                continue;
            }
            t.append(String.format(Locale.ROOT, "Targets at %d partition(s), ferry-concurrent: ", partitions));
            if (!ferry.get().ok()) {
                t.append("did not finish with every event in order: NOT MET.\n");
                continue;
            }
            double eps = ferry.get().run().eventsPerSecond();
            List<String> parts = new java.util.ArrayList<>();
            parts.add("per-key order kept (met)");
            find(results, Contender.PARALLEL_CONSUMER, partitions).filter(SlowResult::ok).ifPresent(pc -> {
                double x = eps / pc.run().eventsPerSecond();
                parts.add(String.format(Locale.ROOT, "%.2f× parallel-consumer (target ≥ 1×: %s)", x, x >= 1 ? "met" : "NOT MET"));
            });
            sequential(results, partitions).ifPresent(seq -> {
                double x = eps / seq.run().eventsPerSecond();
                parts.add(String.format(Locale.ROOT, "%.1f× ferry-sequential (target ≥ %.0f×: %s)", x, SEQUENTIAL_TARGET,
                        x >= SEQUENTIAL_TARGET ? "met" : "NOT MET"));
            });
            t.append(String.join("; ", parts)).append(".\n");
        }
        return t.toString();
    }

    static String document(RunInfo info, BenchmarkOptions options, List<SlowResult> results, String chartFile) {
        StringBuilder d = new StringBuilder();
        d.append(String.format(Locale.ROOT, "# Ferry benchmark, slow function: %,d events%n%n", options.events()));
        d.append(info.summary()).append("\n\n");
        d.append(info.loadParagraph());
        d.append(String.format(Locale.ROOT, "The function: each event costs %d ms of waiting (simulated I/O, not CPU), then "
                        + "goes out unchanged, with its key, to the contender's own output topic (idempotent producer, "
                        + "acks=all); input offsets are committed only after the outputs are acknowledged. Input: %,d JSON "
                        + "events `{\"key\", \"seq\", \"index\"}` whose keys are drawn from %,d ids, `seq` numbering each "
                        + "key's events in input order. Each partition count (%s) runs on a fresh embedded broker%s; each "
                        + "contender runs alone, in its own JVM and its own fresh consumer group. Concurrency: %d for Ferry "
                        + "(`concurrency`) and Parallel Consumer (`maxConcurrency`) alike.%n%n",
                options.waitMs(), options.events(), options.keys(), options.partitions(),
                options.warmupEvents() == 0 ? "" : ", warmed up by one unmeasured copy of the input with a kafka-clients loop",
                options.concurrency()));
        d.append(table(results)).append('\n');
        String targets = targets(results);
        if (!targets.isEmpty()) {
            d.append(targets.replace("\n", "\n\n"));
        }
        d.append(String.format(Locale.ROOT, "![events/s per contender and partition count](%s)%n%n", chartFile));
        d.append("- **events/s**: N divided by the time from the contender's first event to the moment its group had "
                + "committed all N input offsets (seen by the child JVM, polling every 20 ms). JVM start and group join "
                + "are not in it; *wall s from launch* includes them.\n");
        d.append("- **CPU s**: CPU time of the contender's whole JVM process until then, start-up included. "
                + "**peak RSS**: its `VmHWM`.\n");
        d.append("- **output events**: records in the output topic afterwards; `= N` when there are exactly N.\n");
        d.append("- **order violations**: output records, read back by the harness in each output partition's order "
                + "(a key always lands on one partition), that came out after a later event of the same key. "
                + "**duplicates**: records of an event that had already come out (at-least-once allows them after a "
                + "restart; no contender restarts here).\n");
        d.append("- **vs ferry-sequential**: the ratio to Ferry with concurrency 1 at the same partition count.\n\n");
        d.append("## Contenders\n\n");
        for (Contender c : options.contenders()) {
            d.append("- **").append(c.key()).append("** (").append(c.label()).append("): ")
                    .append(c.setup().replace(" C,", " " + options.concurrency() + ",").replace("= C", "= " + options.concurrency())
                            .replace("maxConcurrency C", "maxConcurrency " + options.concurrency()))
                    .append('\n');
        }
        d.append("\nFerry sets its own client settings (manual commits, max.poll.records = batchSize 500, acks=all, "
                + "idempotence, linger.ms 5); Parallel Consumer's consumer and producer are given the same. Every "
                + "contender's JVM gets the same options. A contender marked *not supported by this build* was rejected "
                + "at start-up by this build's engine (e.g. a `CompletableFuture` return before the engine runs them) "
                + "and is skipped, not counted as a failure.\n");
        return d.toString();
    }

    private static Optional<SlowResult> find(List<SlowResult> results, Contender c, int partitions) {
        return results.stream().filter(r -> r.contender() == c && r.partitions() == partitions).findFirst();
    }

    private static Optional<SlowResult> sequential(List<SlowResult> results, int partitions) {
        return find(results, Contender.FERRY_SEQUENTIAL, partitions).filter(r -> r.run().ok());
    }

    private static String ratio(SlowResult r, Optional<SlowResult> base) {
        if (base.isEmpty()) {
            return "–";
        }
        double b = base.get().run().eventsPerSecond();
        double v = r.run().eventsPerSecond();
        return Double.isNaN(b) || Double.isNaN(v) || b == 0 ? "–" : String.format(Locale.ROOT, "%.1f×", v / b);
    }

    private static String outputs(SlowResult r) {
        long found = r.run().outputEvents();
        long expected = r.run().events();
        if (found < 0) {
            return "not counted";
        }
        if (found == expected) {
            return String.format(Locale.ROOT, "%,d = N", found);
        }
        return String.format(Locale.ROOT, "%,d (%s%,d)", found, found > expected ? "+" : "", found - expected);
    }

    private static String violations(SlowResult r) {
        return r.order().map(o -> Long.toString(o.violations())).orElse("not checked");
    }

    private static String duplicates(SlowResult r) {
        return r.order().map(o -> Long.toString(o.duplicates())).orElse("not checked");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
