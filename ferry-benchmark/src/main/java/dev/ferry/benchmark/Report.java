package dev.ferry.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The results as Markdown: the throughput table, the latency table, and the notes that say what the
 * numbers mean. The same tables are printed on stdout and written to {@code results/}.
 */
final class Report {

    private Report() {
    }

    /** The throughput table, medians over the rounds; ratios are to {@link Contender#BASELINE} when it ran. */
    static String throughputTable(List<ThroughputSummary> results) {
        Optional<ThroughputSummary> base = results.stream()
                .filter(r -> r.contender() == Contender.BASELINE && r.ok()).findFirst();
        boolean rounds = results.stream().anyMatch(r -> r.runs().size() > 1);
        StringBuilder t = new StringBuilder();
        t.append("| contender | events/s | vs loop | CPU s | vs loop | peak RSS MiB | vs loop | output events | wall s from launch "
                + "| broker CPU s |");
        t.append(rounds ? " events/s by round |\n" : "\n");
        t.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|").append(rounds ? "--:|\n" : "\n");
        for (ThroughputSummary r : results) {
            t.append("| ").append(r.contender().key()).append(" | ");
            if (r.ok()) {
                t.append(String.format(Locale.ROOT, "%,.0f | %s | %.1f | %s | %.0f | %s | %s | %.1f | %.1f |",
                        r.eventsPerSecond(), ratio(r, base, ThroughputSummary::eventsPerSecond),
                        r.cpuSeconds(), ratio(r, base, ThroughputSummary::cpuSeconds),
                        r.peakRssMb(), ratio(r, base, ThroughputSummary::peakRssMb),
                        outputs(r), r.wallFromLaunchSeconds(), r.brokerCpuSeconds()));
            } else {
                t.append("failed: ").append(escape(failures(r))).append(" | | | | | | ").append(outputs(r)).append(" | | |");
            }
            if (rounds) {
                t.append(' ').append(byRound(r)).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    /** The latency table. */
    static String latencyTable(List<LatencyResult> results) {
        StringBuilder t = new StringBuilder();
        t.append("| contender | produced at events/s | measured events | p50 ms | p99 ms | max ms | output events |\n");
        t.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (LatencyResult r : results) {
            t.append("| ").append(r.contender().key()).append(" | ");
            if (r.latency().isPresent()) {
                LatencyReader.Percentiles p = r.latency().get();
                t.append(String.format(Locale.ROOT, "%,.0f | %,d | %d | %d | %d | %s |", r.achievedRate(),
                        p.count(), p.p50(), p.p99(), p.max(), outputs(r.outputEvents(), r.produced(), "produced")));
            } else {
                t.append("failed: ").append(escape(r.failure().orElse("?"))).append(" | | | | | ")
                        .append(outputs(r.outputEvents(), r.produced(), "produced")).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    /** The whole document written to {@code results/}. */
    static String document(RunInfo info, BenchmarkOptions options, List<ThroughputSummary> throughput,
                           List<LatencyResult> latency, String chartFile) {
        StringBuilder d = new StringBuilder();
        d.append(String.format(Locale.ROOT, "# Ferry benchmark: %,d events%n%n", info.events()));
        d.append(info.summary()).append("\n\n");
        d.append(info.loadParagraph());
        d.append(String.format(Locale.ROOT, "The pipeline: decode the JSON event, add `amount_cents`, validate the result "
                + "against `%s`, produce it to the contender's own output topic (idempotent producer, acks=all) and "
                + "commit the input offsets only after every output is acknowledged. Input: %,d keyed JSON events of "
                + "about %d bytes on %d partitions, the same for every contender. Each contender runs alone, one after "
                + "the other, in its own JVM and its own fresh consumer group.%n%n",
                Enrichment.SCHEMA, info.events(), info.eventBytes(), BenchTopics.PARTITIONS));
        d.append("## Throughput\n\n");
        if (options.rounds() > 1) {
            d.append(String.format(Locale.ROOT, "Medians of %d rounds; each round runs every contender once, starting one "
                    + "contender later in the list than the round before.%n%n", options.rounds()));
        }
        d.append(throughputTable(throughput)).append('\n');
        d.append(String.format(Locale.ROOT, "![events/s per contender](%s)%n%n", chartFile));
        d.append("- **events/s**: N divided by the time from the contender's first event to the moment its group had "
                + "committed all N input offsets (seen by the child JVM, polling its group's committed offsets every "
                + "20 ms). JVM start and group join are not in it; *wall s from launch* includes them.\n");
        d.append("- **CPU s**: user + system CPU time of the contender's whole JVM process until then (JVM start-up, "
                + "class loading and JIT included), from `OperatingSystemMXBean.getProcessCpuTime()`.\n");
        d.append("- **peak RSS**: `VmHWM` of the contender's JVM process until then, from `/proc/self/status`.\n");
        d.append("- **output events**: records in the contender's output topic afterwards (end minus beginning offsets, "
                + "read by the harness); `= N` when there are exactly N, more would be at-least-once duplicates.\n");
        d.append("- **broker CPU s**: CPU time of the harness JVM, which hosts the embedded broker and otherwise only "
                + "waits, from the contender's launch to its report: the work the contender's requests cost the broker.\n");
        d.append("- **vs loop**: the ratio to the hand-written kafka-clients loop (events/s: higher is better; CPU and "
                + "RSS: lower is better).\n\n");
        if (!latency.isEmpty()) {
            d.append("## End-to-end latency\n\n");
            d.append(String.format(Locale.ROOT, "A separate run per contender, on its own empty input topic: once its "
                            + "group owns every partition, the harness produces %,d events/s for %d s of warm-up and "
                            + "then %d s measured (only these count). Latency: the output record's broker append time "
                            + "(the output topics use `LogAppendTime`) minus the time the harness created the event. "
                            + "*output events* counts warm-up and measured events.%n%n",
                    options.latencyRate(), options.warmupSeconds(), options.latencySeconds()));
            d.append(latencyTable(latency)).append('\n');
        }
        d.append("## Contenders\n\n");
        for (Contender c : options.contenders()) {
            d.append("- **").append(c.key()).append("** (").append(c.label()).append("): ").append(c.setup()).append('\n');
        }
        d.append("\nClient settings: Kafka's defaults except enable.auto.commit=false, auto.offset.reset=earliest, "
                + "max.poll.records=500, acks=all, enable.idempotence=true, linger.ms=5 (Kafka's default; Streams' "
                + "is 100); Ferry sets these itself. Every contender's JVM gets the same options.\n");
        return d.toString();
    }

    private static String ratio(ThroughputSummary r, Optional<ThroughputSummary> base, ToDoubleFunction<ThroughputSummary> f) {
        if (base.isEmpty()) {
            return "–";
        }
        double b = f.applyAsDouble(base.get());
        double v = f.applyAsDouble(r);
        return Double.isNaN(b) || Double.isNaN(v) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", v / b);
    }

    /** The output count of every run, written once when all runs agree. */
    private static String outputs(ThroughputSummary r) {
        List<String> each = r.runs().stream().map(run -> outputs(run.outputEvents(), run.events(), "N")).distinct().toList();
        return String.join(", ", each);
    }

    private static String failures(ThroughputSummary r) {
        return String.join("; ", r.runs().stream().map(run -> run.failure().orElse("")).filter(f -> !f.isEmpty())
                .distinct().toList());
    }

    private static String byRound(ThroughputSummary r) {
        return String.join(", ", Arrays.stream(r.eventsPerSecondByRound())
                .mapToObj(v -> Double.isNaN(v) ? "failed" : String.format(Locale.ROOT, "%,.0f", v)).toList());
    }

    private static String outputs(long found, long expected, String name) {
        if (found < 0) {
            return "not counted";
        }
        if (found == expected) {
            return String.format(Locale.ROOT, "%,d = %s", found, name);
        }
        return String.format(Locale.ROOT, "%,d (%s%,d)", found, found > expected ? "+" : "", found - expected);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
