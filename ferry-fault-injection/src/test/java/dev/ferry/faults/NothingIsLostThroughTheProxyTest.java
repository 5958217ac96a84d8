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
 * The short fault run with {@code write-back: proxy}: the app writes through a ferry proxy that runs
 * as a process of its own, and both are SIGKILLed at seeded moments while the app works (twice each),
 * each restarted; every committed event has its output, read back by an independent consumer. The
 * full run is {@code java -jar ferry-fault-injection.jar --proxy --proxy-kills 10 ...}.
 */
class NothingIsLostThroughTheProxyTest {

    private static final long SEED = Long.getLong("ferry.faults.seed", 20_261_202L);

    @Test
    void no_event_is_lost_when_the_app_and_the_proxy_are_killed_at_random_moments() throws IOException {
        RunOptions options = new RunOptions(4_000, 6, 2, 0, 0, SEED, Guarantee.AT_LEAST_ONCE, GroupProtocol.CLASSIC,
                Duration.ofSeconds(3), Duration.ofMillis(500), 0, Duration.ofSeconds(120), 0,
                Path.of("target", "fault-logs-proxy-short"), List.of(), true, 2);

        RunReport report = FaultRun.execute(options, System.out::println);
        Files.writeString(Path.of("target", "at-least-once-proxy-short.md"), report.toMarkdown());

        assertThat(report.audit().lost()).as(report.toMarkdown()).isZero();
        assertThat(report.audit().unexpected()).as(report.toMarkdown()).isZero();
        assertThat(report.incomplete()).as(report.toMarkdown()).isNull();
        assertThat(report.committed()).isEqualTo(4_000);
        assertThat(report.late()).as("faults that found every event produced already committed").isZero();
        assertThat(report.kills()).isEqualTo(2);
        assertThat(report.proxyKills()).isEqualTo(2);
        assertThat(report.crashes()).as("nothing exited on its own").isEmpty();
        assertThat(report.halts()).as("no instance halted").isEmpty();
        assertThat(report.passed()).isTrue();
    }
}
