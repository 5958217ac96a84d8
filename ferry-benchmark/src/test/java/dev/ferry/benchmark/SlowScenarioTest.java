package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow scenario end to end, tiny: 200 events from 20 keys on one partition, 1 ms of simulated I/O,
 * through the real harness (embedded broker, one child JVM per contender, the order check). Ferry one at a
 * time, and Parallel Consumer when its jar is built (the reactor builds it before this module). Asserts
 * what must hold, never how fast.
 */
class SlowScenarioTest {

    @Test
    void every_event_comes_out_once_with_each_keys_events_in_order(@TempDir Path results) throws Exception {
        List<String> args = new ArrayList<>(List.of("--scenario", "slow", "--events", "200", "--keys", "20",
                "--partitions", "1", "--wait-ms", "1", "--concurrency", "8", "--results", results.toString()));
        List<Contender> expected = new ArrayList<>(List.of(Contender.FERRY_SEQUENTIAL));
        if (ParallelConsumerJar.find().isPresent()) {
            expected.add(0, Contender.PARALLEL_CONSUMER);
        }
        args.add("--contenders");
        args.add(String.join(",", expected.stream().map(Contender::key).toList()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<SlowResult> run = new SlowBenchmark(BenchmarkOptions.parse(args.toArray(String[]::new)).orElseThrow(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(run).extracting(SlowResult::contender).containsExactlyElementsOf(expected);
        for (SlowResult r : run) {
            assertThat(r.run().failure()).as(r.contender().key()).isEmpty();
            OrderCheck.Result order = r.order().orElseThrow();
            assertThat(order.distinct()).as(r.contender().key() + " events out").isEqualTo(200);
            assertThat(order.violations()).as(r.contender().key() + " order violations").isZero();
            assertThat(order.duplicates()).as(r.contender().key() + " duplicates").isZero();
        }
        assertThat(SlowBenchmark.passed(run)).isTrue();
        assertThat(results.resolve("slow-200.md")).exists();
        assertThat(Files.size(results.resolve("slow-200.png"))).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| 1 | ferry-sequential |");
    }
}
