package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** lag and status read an app's consumer group from the cluster, for on-call. */
class LagStatusCommandsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    public static class Counter {
        @Ferry(app = "cli-lag", topics = "lag.in", start = Start.BEGINNING)
        public static void count(List<String> events) {
        }
    }

    private static List<String> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"n\": " + i + "}").toList();
    }

    @Test
    void lag_and_status_report_events_waiting_for_a_stopped_app() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("lag.in", 2);
        kafka.produce("lag.in", events(10));
        try (RunningApp app = kafka.start(Counter.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("cli-lag").values().stream()
                    .mapToLong(Long::longValue).sum() == 10);
        }
        kafka.produce("lag.in", events(5));

        Cli.Result lag = Cli.in(dir, Map.of()).run("lag", "cli-lag", "-b", KAFKA.bootstrapServers());
        Cli.Result status = Cli.in(dir, Map.of()).run("status", "cli-lag", "--window", "100ms", "-b", KAFKA.bootstrapServers());

        assertThat(lag.exitCode()).isZero();
        assertThat(lag.out()).startsWith("app 'cli-lag': group EMPTY, 0 member(s)")
                .contains("lag.in").contains("total: 5 event(s) waiting");
        assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_OK);
        assertThat(status.out()).startsWith("STOPPED: 5 event(s) wait and app 'cli-lag' has no running consumer");
    }

    @Test
    void status_is_ok_when_nothing_waits() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("ok.in", 2);
        kafka.produce("ok.in", events(3));
        try (RunningApp app = kafka.start(OkCounter.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("cli-ok").values().stream()
                    .mapToLong(Long::longValue).sum() == kafka.endOffsetTotal("ok.in"));
            Cli.Result status = Cli.in(dir, Map.of()).run("status", "cli-ok", "--window", "100ms",
                    "-b", KAFKA.bootstrapServers());

            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).startsWith("OK: nothing waits").contains("1 member(s)");
        }
    }

    public static class OkCounter {
        @Ferry(app = "cli-ok", topics = "ok.in", start = Start.BEGINNING)
        public static void count(List<String> events) {
        }
    }

    @Test
    void lag_of_an_unknown_app_says_so() {
        Cli.Result lag = Cli.in(dir, Map.of()).run("lag", "no-such-app", "-b", KAFKA.bootstrapServers());

        assertThat(lag.exitCode()).isEqualTo(1);
        assertThat(lag.err()).startsWith("ferry: app 'no-such-app' ");
    }
}
