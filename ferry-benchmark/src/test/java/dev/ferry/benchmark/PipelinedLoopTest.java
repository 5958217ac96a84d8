package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two pipelined contenders, tiny, on a real embedded broker: every input event is committed only once
 * its output is written, and exactly N outputs come out (no contender restarts here). Never how fast.
 */
class PipelinedLoopTest {

    private static final long EVENTS = 3_000;

    private static EmbeddedKafkaBroker broker;
    private static BenchCluster cluster;

    @BeforeAll
    static void loadInput() {
        broker = EmbeddedKafkaBroker.builder().start();
        cluster = new BenchCluster(broker.bootstrapServers());
        cluster.createInput(BenchTopics.INPUT);
        EventLoader.loadAll(broker.bootstrapServers(), BenchTopics.INPUT, EVENTS);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        broker.close();
    }

    @Test
    void the_pipelined_loop_commits_every_event_and_writes_each_enriched_once() throws Exception {
        String output = run(Contender.KAFKA_CLIENTS_PIPELINED);

        assertThat(cluster.count(output)).isEqualTo(EVENTS);
        assertThat(cluster.sample(output)).hasValueSatisfying(v -> assertThat(v).contains("\"amount_cents\""));
    }

    @Test
    void the_raw_copy_commits_every_event_and_writes_each_unchanged_once() throws Exception {
        String output = run(Contender.RAW_COPY);

        assertThat(cluster.count(output)).isEqualTo(EVENTS);
        assertThat(cluster.sample(output)).hasValueSatisfying(v -> assertThat(v).doesNotContain("amount_cents"));
    }

    private static String run(Contender contender) throws InterruptedException {
        String output = BenchTopics.output(contender.key());
        cluster.createOutput(output);
        RunSpec spec = new RunSpec(broker.bootstrapServers(), BenchTopics.INPUT, output, BenchTopics.group(output), EVENTS);
        try (CommitWatcher watcher = new CommitWatcher(spec); ContenderRunner runner = contender.start(spec)) {
            watcher.awaitAllCommitted(runner::failure);
            assertThat(runner.failure()).isEqualTo(Optional.empty());
        }
        return output;
    }
}
