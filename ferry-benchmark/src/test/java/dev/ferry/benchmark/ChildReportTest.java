package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildReportTest {

    @Test
    void the_line_a_child_prints_reads_back_as_the_same_report() {
        ChildReport report = new ChildReport(1_000, 2_500, 7_500, 9_876_543_210L, 187_432);

        assertThat(ChildReport.parse(report.line())).contains(report);
        assertThat(report.processingMs()).isEqualTo(5_000);
    }

    @Test
    void other_lines_are_not_reports() {
        assertThat(ChildReport.parse("10:00:00.000 INFO FerryEngine - started")).isEmpty();
    }
}
