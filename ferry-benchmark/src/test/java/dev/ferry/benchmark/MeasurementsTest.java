package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementsTest {

    @Test
    void the_commit_watcher_asks_every_20_ms_at_first_then_every_thousandth_of_its_wait_up_to_500_ms() {
        assertThat(CommitWatcher.pollNanos(0)).isEqualTo(20_000_000L);
        assertThat(CommitWatcher.pollNanos(30_000_000_000L)).as("after 30 s").isEqualTo(30_000_000L);
        assertThat(CommitWatcher.pollNanos(240_000_000_000L)).as("after 4 min").isEqualTo(240_000_000L);
        assertThat(CommitWatcher.pollNanos(3_600_000_000_000L)).as("after an hour").isEqualTo(500_000_000L);
    }

    @Test
    void percentiles_are_nearest_rank() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = 100 - i;
        }

        assertThat(LatencyReader.Percentiles.of(latencies)).isEqualTo(new LatencyReader.Percentiles(100, 50, 99, 100));
        assertThat(LatencyReader.Percentiles.of(new long[0]).count()).isZero();
    }

    @Test
    void a_summary_takes_the_median_of_the_runs_that_finished() {
        ThroughputResult fast = ThroughputResult.done(Contender.FERRY, 1_000, new ChildReport(0, 0, 100, 0, 0), 0, 1_000, 0);
        ThroughputResult slow = ThroughputResult.done(Contender.FERRY, 1_000, new ChildReport(0, 0, 400, 0, 0), 0, 1_000, 0);
        ThroughputResult failed = ThroughputResult.failed(Contender.FERRY, 1_000, 0, 0, "crashed");

        ThroughputSummary summary = new ThroughputSummary(Contender.FERRY, List.of(fast, failed, slow));

        assertThat(summary.eventsPerSecond()).isEqualTo((10_000 + 2_500) / 2.0);
        assertThat(summary.ok()).isTrue();
        assertThat(summary.complete()).isFalse();
    }

    @Test
    void peak_rss_is_read_from_the_vmhwm_line(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  187432 kB\nVmRSS:\t  150000 kB\n");

        assertThat(ProcessStats.vmHwmKb(status)).isEqualTo(187_432);
        assertThat(ProcessStats.vmHwmKb(dir.resolve("missing"))).isEqualTo(-1);
    }
}
