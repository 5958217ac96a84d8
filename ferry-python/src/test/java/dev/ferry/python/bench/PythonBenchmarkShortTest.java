package dev.ferry.python.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@link PythonBenchmark} in the suite: both contenders, 2,000 events, one
 * round, each writing exactly one output per event. It checks that the benchmark runs, not how fast.
 */
class PythonBenchmarkShortTest {

    @Test
    void both_contenders_write_one_output_per_event() throws Exception {
        assertThat(Path.of("/usr/bin/python3")).as("Debian's python3, with python3-confluent-kafka").exists();
        assertThat(Path.of("/usr/bin/time")).as("GNU time (Debian package time)").exists();
        List<PythonBenchmark.Run> runs = PythonBenchmark.run(2_000, 1, "/usr/bin/python3", Path.of("."));
        assertThat(runs).extracting(PythonBenchmark.Run::contender)
                .containsExactlyInAnyOrderElementsOf(PythonBenchmark.CONTENDERS);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.outputs()).as(r.contender()).isEqualTo(2_000);
            assertThat(r.cpuSeconds()).as(r.contender()).isPositive();
            assertThat(r.peakRssKb()).as(r.contender()).isPositive();
        });
        assertThat(PythonBenchmark.report(runs)).contains("| ferry-python | 1 |", "| confluent-kafka-loop | 1 |");
        assertThat(Files.exists(Path.of("src/test/python/bench/confluent_loop.py"))).isTrue();
    }
}
