package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle scenario end to end, with a 1 s window: Ferry with no input and Ferry with a function that waits,
 * each in its own child JVM on a real embedded broker. Asserts that each reports a window (so the waiting
 * function was called and the app did not halt) and the report is written, never how much CPU it took.
 */
class IdleScenarioTest {

    @Test
    void each_idle_contender_reports_its_window_and_the_report_is_written(@TempDir Path results) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--scenario", "idle", "--window-seconds", "1",
                "--contenders", "ferry-no-input,ferry-waiting", "--results", results.toString()).orElseThrow();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<IdleBenchmark.Result> run = new IdleBenchmark(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(run).extracting(IdleBenchmark.Result::contender)
                .containsExactly(Contender.FERRY_NO_INPUT, Contender.FERRY_WAITING);
        for (IdleBenchmark.Result r : run) {
            assertThat(r.failure()).as(r.contender().key()).isEmpty();
            assertThat(r.windowSeconds()).as(r.contender().key() + " window").isGreaterThanOrEqualTo(1.0);
        }
        assertThat(IdleBenchmark.passed(run)).isTrue();
        assertThat(results.resolve("idle-1.md")).content().contains("| ferry-waiting | 1 |");
    }
}
