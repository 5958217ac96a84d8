package dev.ferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Guarantee;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short version of the fault-injection suite, in the default build: 5,000 events, the app run as
 * separate processes, 3 SIGKILLs, a broker restart, a second instance added and removed, then every
 * output read back. Takes well under a minute; the full run is the {@code ferry-fault-injection} jar
 * (see the module's README). The seed is fixed so that a failure repeats the same plan; set
 * {@code -Dferry.faults.seed=N} to try another.
 *
 * <p>Every fault lands while there is work left by construction, on a slow machine or a fast one: the
 * run holds one batch of input back per fault and produces it right before the fault (see
 * {@link FaultRun}), so the app can neither finish nor sit idle ahead of a fault, however long the
 * faults before it took. The app spends 700 ms per call of 200 events so that, on most runs, the
 * faults also find a backlog of the app's own (the report counts those that found it caught up).
 */
class NothingIsLostUnderFaultsTest {

    private static final long SEED = Long.getLong("ferry.faults.seed", 20_261_125L);

    @Test
    void no_event_is_lost_when_the_app_is_killed_three_times_the_broker_restarts_and_the_group_rebalances()
            throws IOException {
        RunOptions options = new RunOptions(5_000, 6, 3, 1, 1, SEED, Guarantee.AT_LEAST_ONCE, GroupProtocol.CLASSIC,
                Duration.ofSeconds(3), Duration.ofMillis(700), 0, Duration.ofSeconds(90), 0,
                Path.of("target", "fault-logs-short"), List.of(), false, 0);

        RunReport report = FaultRun.execute(options, System.out::println);
        Files.writeString(Path.of("target", "at-least-once-short.md"), report.toMarkdown());

        assertThat(report.audit().lost()).as(report.toMarkdown()).isZero();
        assertThat(report.audit().unexpected()).as(report.toMarkdown()).isZero();
        assertThat(report.incomplete()).as("every fault was carried out while the app worked, and it then "
                + "committed the whole input").isNull();
        assertThat(report.committed()).isEqualTo(5_000);
        assertThat(report.late()).as("faults that found every event produced already committed").isZero();
        assertThat(report.kills()).isEqualTo(3);
        assertThat(report.brokerRestarts()).isEqualTo(1);
        assertThat(report.adds()).isEqualTo(1);
        assertThat(report.removes()).isEqualTo(1);
        assertThat(report.crashes()).as("no instance exited on its own").isEmpty();
        assertThat(report.halts()).as("no instance halted").isEmpty();
        assertThat(report.passed()).isTrue();
    }
}
