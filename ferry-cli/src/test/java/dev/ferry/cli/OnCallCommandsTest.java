package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.SkipRecord;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On call against a real broker: a halted app reports HALTED with its event, show-failure shows the
 * event, skip refuses what is not the halted event and otherwise makes the app go on after it, with
 * every other event's output there exactly once, for at-least-once and exactly-once.
 */
class OnCallCommandsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final int EVENTS = 30;
    private static final int POISON = 13;

    @TempDir
    Path dir;

    public record Reading(int n) { }

    public static class AtLeastOnce {
        @Ferry(app = "oncall-alo", topics = "oncall-alo.in", start = Start.BEGINNING,
                outputs = @Output(topic = "oncall-alo.out", schema = Reading.class))
        public static List<Reading> echo(List<Reading> events) {
            return reject13(events);
        }
    }

    public static class ExactlyOnce {
        @Ferry(app = "oncall-eos", topics = "oncall-eos.in", start = Start.BEGINNING,
                outputs = @Output(topic = "oncall-eos.out", schema = Reading.class))
        public static List<Reading> echo(List<Reading> events) {
            return reject13(events);
        }
    }

    public static class Stopped {
        @Ferry(app = "oncall-stopped", topics = "oncall-stopped.in", start = Start.BEGINNING,
                outputs = @Output(topic = "oncall-stopped.out", schema = Reading.class))
        public static List<Reading> echo(List<Reading> events) {
            return reject13(events);
        }
    }

    static List<Reading> reject13(List<Reading> events) {
        for (Reading r : events) {
            if (r.n() == POISON) {
                throw new IllegalArgumentException("reading 13 is out of range");
            }
        }
        return events;
    }

    private Cli.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-b";
        all[args.length + 1] = KAFKA.bootstrapServers();
        return Cli.in(dir, Map.of("USER", "night-shift")).run(all);
    }

    private static void produce(TestKafka kafka, String app) {
        kafka.createTopic(app + ".in", 1);
        kafka.createTopic(app + ".out", 1);
        kafka.produceKeyed(app + ".in", IntStream.range(0, EVENTS)
                .mapToObj(i -> Map.entry("meter-" + i, "{\"n\": " + i + "}")).toList());
    }

    private static RunningApp startHalted(TestKafka kafka, Class<?> appClass, PlatformProfile profile) {
        RunningApp app = FerryEngine.start(AppDescriptor.of(appClass), profile);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
        return app;
    }

    @Test
    void an_at_least_once_app_halted_at_an_event_is_shown_skipped_past_and_loses_nothing_else() {
        TestKafka kafka = KAFKA.client();
        produce(kafka, "oncall-alo");
        try (RunningApp app = startHalted(kafka, AtLeastOnce.class, kafka.profile())) {
            goesOnAfterTheSkip("oncall-alo", app, kafka, IsolationLevel.READ_UNCOMMITTED);
        }
    }

    @Test
    void an_exactly_once_app_halted_at_an_event_is_skipped_past_and_writes_every_other_output_once() {
        TestKafka kafka = KAFKA.client();
        produce(kafka, "oncall-eos");
        PlatformProfile profile = kafka.profile().toBuilder().set("guarantee", "exactly-once").build();
        try (RunningApp app = startHalted(kafka, ExactlyOnce.class, profile)) {
            goesOnAfterTheSkip("oncall-eos", app, kafka, IsolationLevel.READ_COMMITTED);
        }
    }

    private void goesOnAfterTheSkip(String name, RunningApp app, TestKafka kafka, IsolationLevel isolation) {
        String at = "topic '" + name + ".in' partition 0 offset " + POISON;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli("status", name).out())
                .startsWith("HALTED: app '" + name + "' halted at " + at + " after 3 attempt(s): "));
        Cli.Result status = cli("status", name);
        Cli.Result shown = cli("show-failure", name);
        Cli.Result wrongOffset = cli("skip", name, "--topic", name + ".in", "--partition", "0", "--offset", "12",
                "--reason", "bad meter", "--yes");
        Cli.Result unconfirmed = cli("skip", name, "--topic", name + ".in", "--partition", "0", "--offset", "13",
                "--reason", "bad meter");

        assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_OK);
        assertThat(status.out()).contains("reading 13 is out of range").contains("see: ferry show-failure " + name);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).startsWith("app '" + name + "' HALTED at " + at + " after 3 attempt(s)")
                .contains("error:     ").contains("reading 13 is out of range")
                .contains("key:       meter-13").contains("\"n\" : 13");
        assertThat(wrongOffset.exitCode()).isEqualTo(1);
        assertThat(wrongOffset.err()).startsWith("ferry: app '" + name + "' is not halted at topic '" + name
                + ".in' partition 0 offset 12: instance '");
        assertThat(unconfirmed.exitCode()).isEqualTo(2);
        assertThat(unconfirmed.err()).isEqualTo("ferry: not skipping " + at + " of app '" + name + "' without a "
                + "confirmation: no terminal to ask on; add --yes to skip it\n");
        assertThat(app.status().state()).as("nothing skipped yet").isEqualTo(AppStatus.State.HALTED);

        Cli.Result skipped = cli("skip", name, "--topic", name + ".in", "--partition", "0", "--offset", "13",
                "--reason", "meter 13 was broken that night", "--yes");

        assertThat(skipped.exitCode()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("went on after the event in ");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == EVENTS - 1);
        List<Integer> outputs = kafka.readAll(name + ".out", isolation, Duration.ofSeconds(5)).stream()
                .map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
        assertThat(outputs).as("every event but the skipped one, once, in order")
                .containsExactlyElementsOf(IntStream.range(0, EVENTS).filter(i -> i != POISON).boxed().toList());
        assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        assertThat(kafka.committedOffsets(name).values()).containsExactly((long) EVENTS);
        List<SkipRecord> audit = kafka.readAll("ferry.audit", Duration.ofSeconds(5)).stream()
                .filter(r -> name.equals(r.key())).map(ConsumerRecord::value).map(SkipRecord::parse).toList();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).event().toString()).isEqualTo(at);
        assertThat(audit.get(0).by()).isEqualTo("night-shift");
        assertThat(audit.get(0).reason()).isEqualTo("meter 13 was broken that night");
        assertThat(audit.get(0).key()).isEqualTo("meter-13");
        assertThat(audit.get(0).valueSha256()).hasSize(64);
    }

    @Test
    void an_app_stopped_while_halted_is_skipped_by_committing_past_the_event_and_starts_after_it() {
        TestKafka kafka = KAFKA.client();
        produce(kafka, "oncall-stopped");
        try (RunningApp app = startHalted(kafka, Stopped.class, kafka.profile())) {
            assertThat(app.status().failure()).isPresent();
        }
        Cli.Result wrong = cli("skip", "oncall-stopped", "--topic", "oncall-stopped.in", "--partition", "0",
                "--offset", "14", "--reason", "bad meter", "--yes");
        Cli.Result skipped = cli("skip", "oncall-stopped", "--topic", "oncall-stopped.in", "--partition", "0",
                "--offset", "13", "--reason", "bad meter", "--by", "alice", "--yes");

        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("ferry: app 'oncall-stopped' has no running instance, and its committed "
                + "offset of topic 'oncall-stopped.in' partition 0 is 13, not 14: ferry skip only skips the event it "
                + "stopped at\n");
        assertThat(skipped.exitCode()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("committed offset 14 of topic 'oncall-stopped.in' partition 0");
        try (RunningApp app = kafka.start(Stopped.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == EVENTS - 1 - POISON);
            assertThat(kafka.readAll("oncall-stopped.out", Duration.ofSeconds(5))).hasSize(EVENTS - 1);
        }
    }

    public static class Owned {
        @Ferry(app = "oncall-owners", topics = "oncall-owners.in", start = Start.BEGINNING)
        public static void count(List<String> events) {
        }
    }

    @Test
    void lag_names_the_instance_that_owns_each_partition() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("oncall-owners.in", 2);
        PlatformProfile profile = kafka.profile();
        try (RunningApp a = FerryEngine.start(AppDescriptor.of(Owned.class),
                profile.toBuilder().set("instance-id", "pod-a").build());
             RunningApp b = FerryEngine.start(AppDescriptor.of(Owned.class),
                     profile.toBuilder().set("instance-id", "pod-b").build())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.membersWithPartitions("oncall-owners") == 2);

            Cli.Result lag = cli("lag", "oncall-owners");

            assertThat(lag.exitCode()).isZero();
            assertThat(lag.out()).contains("oncall-owners-pod-a-consumer-0").contains("oncall-owners-pod-b-consumer-0");
        }
    }

    @Test
    void show_failure_of_an_app_that_is_not_halted_says_so() {
        Cli.Result shown = cli("show-failure", "oncall-nobody");

        assertThat(shown.exitCode()).isEqualTo(1);
        assertThat(shown.err()).startsWith("ferry: app 'oncall-nobody' has no status report on topic 'ferry.status'");
    }

    @Test
    void skip_and_show_failure_have_help_and_skip_needs_its_options() {
        Cli.Result help = cli("skip", "--help");
        Cli.Result showHelp = cli("show-failure", "--help");
        Cli.Result missing = cli("skip", "some-app", "--topic", "t", "--partition", "0", "--offset", "1");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: ferry skip").contains("--reason=TEXT").contains("--yes");
        assertThat(showHelp.exitCode()).isZero();
        assertThat(showHelp.out()).startsWith("Usage: ferry show-failure");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Missing required option: '--reason=TEXT'");
    }
}
