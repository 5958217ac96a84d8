package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static ThroughputResult run(Contender c, long processingMs, double cpuSeconds, long rssKb, long outputs) {
        ChildReport report = new ChildReport(0, 1_000, 1_000 + processingMs, (long) (cpuSeconds * 1e9), rssKb);
        return ThroughputResult.done(c, 100_000, report, 500, outputs, 3_000_000_000L);
    }

    @Test
    void the_throughput_table_gives_each_contender_its_ratio_to_the_loop() {
        String table = Report.throughputTable(List.of(
                new ThroughputSummary(Contender.KAFKA_CLIENTS, List.of(run(Contender.KAFKA_CLIENTS, 4_000, 8.0, 200 * 1024, 100_000))),
                new ThroughputSummary(Contender.FERRY, List.of(run(Contender.FERRY, 5_000, 10.0, 150 * 1024, 100_000)))));

        assertThat(table.lines()).containsExactly(
                "| contender | events/s | vs loop | CPU s | vs loop | peak RSS MiB | vs loop | output events | wall s from launch "
                        + "| broker CPU s |",
                "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
                "| kafka-clients | 25,000 | 1.00× | 8.0 | 1.00× | 200 | 1.00× | 100,000 = N | 4.5 | 3.0 |",
                "| ferry | 20,000 | 0.80× | 10.0 | 1.25× | 150 | 0.75× | 100,000 = N | 5.5 | 3.0 |");
    }

    @Test
    void rounds_are_reported_as_medians_with_every_rounds_rate() {
        String table = Report.throughputTable(List.of(new ThroughputSummary(Contender.FERRY, List.of(
                run(Contender.FERRY, 4_000, 8.0, 100 * 1024, 100_000),
                run(Contender.FERRY, 5_000, 9.0, 120 * 1024, 100_000),
                run(Contender.FERRY, 10_000, 20.0, 110 * 1024, 100_000)))));

        assertThat(table.lines().toList().get(2))
                .isEqualTo("| ferry | 20,000 | – | 9.0 | – | 110 | – | 100,000 = N | 5.5 | 3.0 | 25,000, 20,000, 10,000 |");
    }

    @Test
    void a_failed_contender_and_missing_or_duplicate_outputs_are_shown() {
        String table = Report.throughputTable(List.of(
                new ThroughputSummary(Contender.KAFKA_CLIENTS, List.of(run(Contender.KAFKA_CLIENTS, 4_000, 8.0, 1024, 100_007))),
                new ThroughputSummary(Contender.SPRING_KAFKA, List.of(ThroughputResult.failed(Contender.SPRING_KAFKA,
                        100_000, 0, 99_500, "no result within 110 s | see log")))));

        assertThat(table).contains("| 100,007 (+7) |")
                .contains("| spring-kafka | failed: no result within 110 s \\| see log | | | | | | 99,500 (-500) | | |");
    }

    @Test
    void the_latency_table_lists_percentiles_per_contender() {
        String table = Report.latencyTable(List.of(new LatencyResult(Contender.FERRY, 65_000, 4_998.2,
                Optional.of(LatencyReader.Percentiles.of(new long[] {5, 1, 3, 2, 4})), 65_000, Optional.empty())));

        assertThat(table.lines().toList().get(2)).isEqualTo("| ferry | 4,998 | 5 | 3 | 5 | 5 | 65,000 = produced |");
    }
}
