package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay moves a stopped app's offsets back, to the end or to a bound after which the app goes on
 * from where it was, against a real broker, and refuses what it cannot do.
 */
class ReplayCommandTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    public record Reading(int n) { }

    public static class Copier {
        @Ferry(app = "replay-copy", topics = "replay-copy.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-copy.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            return events;
        }
    }

    public static class Old {
        @Ferry(app = "replay-old", topics = "replay-old.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-old.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            return events;
        }
    }

    private Cli.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-b";
        all[args.length + 1] = KAFKA.bootstrapServers();
        return Cli.in(dir, Map.of("USER", "night-shift")).run(all);
    }

    /** Ten events in one partition, one second apart from T0, processed by the app, which then stops. */
    private static void processedAndStopped(TestKafka kafka, String name, Class<?> appClass) throws Exception {
        processedAndStopped(kafka, name, appClass, dev(kafka, Guarantee.AT_LEAST_ONCE));
    }

    /** As above, the app run with {@code profile}. */
    private static void processedAndStopped(TestKafka kafka, String name, Class<?> appClass, PlatformProfile profile)
            throws Exception {
        kafka.createTopic(name + ".in", 1);
        kafka.createTopic(name + ".out", 1);
        produce(name + ".in", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(appClass), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets(name).values().stream()
                    .mapToLong(Long::longValue).sum() == 10);
        }
    }

    private static List<Integer> outputs(TestKafka kafka, String topic) {
        return outputs(kafka, topic, IsolationLevel.READ_UNCOMMITTED);
    }

    private static List<Integer> outputs(TestKafka kafka, String topic, IsolationLevel isolation) {
        return kafka.readAll(topic, isolation, Duration.ofSeconds(5)).stream()
                .map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
    }

    @Test
    void a_stopped_app_replayed_from_an_offset_processes_the_rest_again_and_the_replay_is_audited() throws Exception {
        TestKafka kafka = KAFKA.client();
        processedAndStopped(kafka, "replay-copy", Copier.class);
        Cli.Result running;
        try (RunningApp app = kafka.start(Copier.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.groupMembers("replay-copy") == 1);
            running = cli("replay", "replay-copy", "--topic", "replay-copy.in", "--partition", "0", "--from-offset", "4",
                    "--reason", "fixed the model", "--yes");
        }
        Cli.Result pastEnd = cli("replay", "replay-copy", "--topic", "replay-copy.in", "--partition", "0",
                "--from-offset", "10", "--reason", "fixed the model", "--yes");
        Cli.Result unconfirmed = cli("replay", "replay-copy", "--topic", "replay-copy.in", "--partition", "0",
                "--from-offset", "4", "--reason", "fixed the model");
        Cli.Result replayed = cli("replay", "replay-copy", "--topic", "replay-copy.in", "--partition", "0",
                "--from-offset", "4", "--reason", "fixed the model", "--yes");

        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.err()).startsWith("ferry: app 'replay-copy' has 1 running member(s) (replay-copy-")
                .contains("-consumer-0): stop it, or scale it to 0, before replaying; a running instance would commit "
                        + "over the replay");
        assertThat(pastEnd.exitCode()).isEqualTo(1);
        assertThat(pastEnd.err()).isEqualTo("ferry: topic 'replay-copy.in' partition 0: offset 10 is past the end; "
                + "the last event is at offset 9\n");
        assertThat(unconfirmed.exitCode()).isEqualTo(2);
        assertThat(unconfirmed.err()).isEqualTo("ferry: not replaying app 'replay-copy' without a confirmation: no "
                + "terminal to ask on; add --yes to replay\n");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("topic 'replay-copy.in' partition 0: committed offset 10 -> 4: processes "
                + "4 to 9 again (6 event(s)), then goes on to the end");
        assertThat(kafka.committedOffsets("replay-copy").values()).containsExactly(4L);
        try (RunningApp app = kafka.start(Copier.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 6);
        }
        assertThat(outputs(kafka, "replay-copy.out")).as("all ten, then 4 to 9 again; no more")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5, 6, 7, 8, 9);
        List<String> audit = kafka.readAll("ferry.audit", Duration.ofSeconds(5)).stream()
                .filter(r -> "replay-copy".equals(r.key())).map(ConsumerRecord::value).toList();
        assertThat(audit).hasSize(1);
        ReplayRecord record = ReplayRecord.parse(audit.get(0));
        assertThat(record).isEqualTo(new ReplayRecord(record.id(), "replay-copy", "replay-copy.in", 0, 4, null, 10,
                "night-shift", record.at(), "fixed the model"));
        assertThat(replayed.out()).contains("recorded on audit topic 'ferry.audit': " + audit.get(0));
    }

    @Test
    void a_replay_out_of_retention_is_refused_naming_the_earliest_kept_and_a_time_within_it_replays() throws Exception {
        TestKafka kafka = KAFKA.client();
        processedAndStopped(kafka, "replay-old", Old.class);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition("replay-old.in", 0), RecordsToDelete.beforeOffset(5)))
                    .all().get(10, TimeUnit.SECONDS);
        }

        Cli.Result oldOffset = cli("replay", "replay-old", "--topic", "replay-old.in", "--partition", "0",
                "--from-offset", "2", "--reason", "r", "--yes");
        Cli.Result oldTime = cli("replay", "replay-old", "--from-time", "2026-12-01T10:00:01Z", "--reason", "r", "--yes");
        Cli.Result later = cli("replay", "replay-old", "--from-time", "2026-12-01T10:00:07Z", "--reason", "r", "--yes");

        assertThat(oldOffset.exitCode()).isEqualTo(1);
        assertThat(oldOffset.err()).isEqualTo("ferry: topic 'replay-old.in' partition 0: offset 2 is out of retention; "
                + "the earliest kept is 5, from 2026-12-01T10:00:05Z\n");
        assertThat(oldTime.exitCode()).isEqualTo(1);
        assertThat(oldTime.err()).isEqualTo("ferry: topic 'replay-old.in' partition 0: 2026-12-01T10:00:01Z is out of "
                + "retention; the earliest kept event is at offset 5, from 2026-12-01T10:00:05Z\n");
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out()).contains("committed offset 10 -> 7: processes 7 to 9 again (3 event(s)), then goes on "
                + "to the end");
        assertThat(kafka.committedOffsets("replay-old").values()).containsExactly(7L);
    }

    @Test
    void replay_has_help_and_needs_a_start() {
        Cli.Result help = cli("replay", "--help");
        Cli.Result noStart = cli("replay", "some-app", "--reason", "r");
        Cli.Result offsetWithoutPartition = cli("replay", "some-app", "--from-offset", "3", "--reason", "r");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: ferry replay").contains("--from-time=TIME")
                .contains("--to-offset=O").contains("--to-time=TIME");
        assertThat(noStart.exitCode()).isEqualTo(2);
        assertThat(noStart.err()).startsWith("say where to replay from: --from-offset or --from-time");
        assertThat(offsetWithoutPartition.exitCode()).isEqualTo(2);
        assertThat(offsetWithoutPartition.err())
                .startsWith("--from-offset needs --topic and --partition: offsets are per partition");
    }

    @Test
    void an_end_is_checked_against_the_start_and_needs_a_partition_when_it_is_an_offset() {
        Cli.Result endBeforeStart = cli("replay", "some-app", "--topic", "t", "--partition", "0", "--from-offset", "5",
                "--to-offset", "3", "--reason", "r");
        Cli.Result timeBeforeStart = cli("replay", "some-app", "--from-time", "2026-12-01T10:00:05Z", "--to-time",
                "2026-12-01T10:00:02Z", "--reason", "r");
        Cli.Result offsetWithoutPartition = cli("replay", "some-app", "--from-time", "-1h", "--to-offset", "3",
                "--reason", "r");
        Cli.Result twoEnds = cli("replay", "some-app", "--topic", "t", "--partition", "0", "--from-offset", "1",
                "--to-offset", "3", "--to-time", "-1m", "--reason", "r");

        assertThat(List.of(endBeforeStart, timeBeforeStart, offsetWithoutPartition, twoEnds))
                .allMatch(r -> r.exitCode() == 2);
        assertThat(endBeforeStart.err()).startsWith("--to-offset 3 is before --from-offset 5: a replay ends at or after "
                + "its start\n");
        assertThat(timeBeforeStart.err()).startsWith("--to-time 2026-12-01T10:00:02Z is before --from-time "
                + "2026-12-01T10:00:05Z: a replay ends at or after its start\n");
        assertThat(offsetWithoutPartition.err())
                .startsWith("--to-offset needs --topic and --partition: offsets are per partition\n");
        assertThat(twoEnds.err()).startsWith("say where the replay ends with one of --to-offset or --to-time, not both\n");
    }

    public static class Refused {
        @Ferry(app = "replay-refuse", topics = "replay-refuse.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-refuse.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            return events;
        }
    }

    @Test
    void an_end_that_changes_nothing_or_comes_before_the_start_is_refused_and_a_time_range_is_replayed()
            throws Exception {
        TestKafka kafka = KAFKA.client();
        processedAndStopped(kafka, "replay-refuse", Refused.class);

        Cli.Result lastProcessed = cli("replay", "replay-refuse", "--topic", "replay-refuse.in", "--partition", "0",
                "--from-offset", "4", "--to-offset", "9", "--reason", "r", "--yes");
        Cli.Result pastTheEnd = cli("replay", "replay-refuse", "--from-time", "2026-12-01T10:00:04Z", "--to-time",
                "2026-12-02T10:00:00Z", "--reason", "r", "--yes");
        Cli.Result endBeforeStart = cli("replay", "replay-refuse", "--topic", "replay-refuse.in", "--partition", "0",
                "--from-offset", "5", "--to-time", "2026-12-01T10:00:02Z", "--reason", "r", "--yes");

        assertThat(lastProcessed.exitCode()).isEqualTo(1);
        assertThat(lastProcessed.err()).isEqualTo("ferry: --to-offset 9 changes nothing: app 'replay-refuse' had "
                + "processed no further than the end on any partition it replays (topic 'replay-refuse.in' partition 0: "
                + "end at offset 9, processed up to offset 9); a replay without --to does this\n");
        assertThat(pastTheEnd.exitCode()).isEqualTo(1);
        assertThat(pastTheEnd.err()).isEqualTo("ferry: --to-time 2026-12-02T10:00:00Z changes nothing: app "
                + "'replay-refuse' had processed no further than the end on any partition it replays (topic "
                + "'replay-refuse.in' partition 0: end at offset 9, processed up to offset 9); a replay without --to "
                + "does this\n");
        assertThat(endBeforeStart.exitCode()).isEqualTo(1);
        assertThat(endBeforeStart.err()).isEqualTo("ferry: topic 'replay-refuse.in' partition 0: the last event at or "
                + "before 2026-12-01T10:00:02Z (--to-time) is at offset 2, before the start of the replay, offset 5\n");
        assertThat(kafka.committedOffsets("replay-refuse").values()).as("nothing moved by a refusal")
                .containsExactly(10L);

        Cli.Result times = cli("replay", "replay-refuse", "--from-time", "2026-12-01T10:00:06Z", "--to-time",
                "2026-12-01T10:00:07.500Z", "--reason", "re-check two", "--yes");

        assertThat(times.exitCode()).as(times.err()).isZero();
        assertThat(times.out()).contains("topic 'replay-refuse.in' partition 0: committed offset 10 -> 6: processes 6 "
                + "to 7 again (2 event(s)), then goes on from 10 (offsets 8 to 9 are not processed again)");
        assertThat(kafka.committedOffsets("replay-refuse").values()).containsExactly(6L);
    }

    public static class BoundedAtLeastOnce {
        @Ferry(app = "replay-to-alo", topics = "replay-to-alo.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-to-alo.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            return events;
        }
    }

    public static class BoundedExactlyOnce {
        @Ferry(app = "replay-to-eos", topics = "replay-to-eos.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-to-eos.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            return events;
        }
    }

    @Test
    void an_at_least_once_app_replays_a_bounded_range_once_then_goes_on_and_a_later_replay_runs_to_the_end()
            throws Exception {
        boundedReplay("replay-to-alo", BoundedAtLeastOnce.class, Guarantee.AT_LEAST_ONCE);
    }

    @Test
    void an_exactly_once_app_replays_a_bounded_range_once_then_goes_on_and_a_later_replay_runs_to_the_end()
            throws Exception {
        boundedReplay("replay-to-eos", BoundedExactlyOnce.class, Guarantee.EXACTLY_ONCE);
    }

    private void boundedReplay(String name, Class<?> appClass, Guarantee guarantee) throws Exception {
        TestKafka kafka = KAFKA.client();
        PlatformProfile profile = dev(kafka, guarantee);
        IsolationLevel isolation = guarantee == Guarantee.EXACTLY_ONCE ? IsolationLevel.READ_COMMITTED
                : IsolationLevel.READ_UNCOMMITTED;
        processedAndStopped(kafka, name, appClass, profile);

        Cli.Result replayed = cli("replay", name, "--topic", name + ".in", "--partition", "0", "--from-offset", "2",
                "--to-offset", "4", "--reason", "re-check 2 to 4", "--yes");

        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("topic '" + name + ".in' partition 0: committed offset 10 -> 2: processes 2 "
                + "to 4 again (3 event(s)), then goes on from 10 (offsets 5 to 9 are not processed again)");
        ReplayRecord record = replays(kafka, name).get(0);
        assertThat(record).isEqualTo(new ReplayRecord(record.id(), name, name + ".in", 0, 2, 4L, 10, "night-shift",
                record.at(), "re-check 2 to 4"));
        assertThat(kafka.committedOffsets(name).values()).containsExactly(2L);
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(appClass), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 3
                    && kafka.committedOffsets(name).values().contains(10L));
            produce(name + ".in", 10, 11);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets(name).values().contains(12L));
        }
        assertThat(outputs(kafka, name + ".out", isolation)).as("all ten, 2 to 4 again, then the new ones; no more")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 10, 11);

        Cli.Result toTheEnd = cli("replay", name, "--topic", name + ".in", "--partition", "0", "--from-offset", "8",
                "--reason", "again, to the end", "--yes");

        assertThat(toTheEnd.exitCode()).as(toTheEnd.err()).isZero();
        assertThat(replays(kafka, name)).hasSize(2);
        assertThat(replays(kafka, name).get(1).to()).isNull();
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(appClass), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 4
                    && kafka.committedOffsets(name).values().contains(12L));
        }
        assertThat(outputs(kafka, name + ".out", isolation)).as("8 and 9 too: the old record does not cut it short")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 10, 11, 8, 9, 10, 11);
    }

    public static class Crashing {
        static volatile boolean failAtThree;

        @Ferry(app = "replay-crash", topics = "replay-crash.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replay-crash.out", schema = Reading.class))
        public static List<Reading> copy(List<Reading> events) {
            for (Reading r : events) {
                if (failAtThree && r.n() == 3) {
                    throw new IllegalStateException("3 cannot be copied now");
                }
            }
            return events;
        }
    }

    @Test
    void an_app_stopped_during_a_bounded_replay_finishes_it_when_started_again_and_loses_nothing() throws Exception {
        TestKafka kafka = KAFKA.client();
        PlatformProfile profile = dev(kafka, Guarantee.AT_LEAST_ONCE);
        Crashing.failAtThree = false;
        processedAndStopped(kafka, "replay-crash", Crashing.class, profile);
        Cli.Result replayed = cli("replay", "replay-crash", "--topic", "replay-crash.in", "--partition", "0",
                "--from-offset", "1", "--to-offset", "5", "--reason", "re-check 1 to 5", "--yes");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();

        Crashing.failAtThree = true;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Crashing.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
        }
        assertThat(kafka.committedOffsets("replay-crash").values()).as("stopped mid-way").containsExactly(3L);
        ReplayRecord underWay = replays(kafka, "replay-crash").get(0);
        Cli.Result another = cli("replay", "replay-crash", "--topic", "replay-crash.in", "--partition", "0",
                "--from-offset", "0", "--to-offset", "1", "--reason", "r", "--yes");
        assertThat(another.exitCode()).isEqualTo(1);
        assertThat(another.err()).isEqualTo("ferry: topic 'replay-crash.in' partition 0: the bounded replay by "
                + "night-shift at " + underWay.at() + " (\"re-check 1 to 5\") is not finished: it ends at offset 5 and "
                + "goes on from 10, and app 'replay-crash' has committed offset 3; start the app to finish it first, or "
                + "replay without --to\n");

        Crashing.failAtThree = false;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Crashing.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 3
                    && kafka.committedOffsets("replay-crash").values().contains(10L));
            produce("replay-crash.in", 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("replay-crash").values()
                    .contains(11L));
        }
        assertThat(outputs(kafka, "replay-crash.out", IsolationLevel.READ_UNCOMMITTED))
                .as("all ten, 1 and 2 before the stop, 3 to 5 after it, then the new one; nothing of 6 to 9 twice")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 10);
    }

    /** A dev-mode profile with the guarantee, as {@code TestKafka.start} uses. */
    private static PlatformProfile dev(TestKafka kafka, Guarantee guarantee) {
        return kafka.profile().toBuilder().set("dev-mode", "true").set("dev-partitions", "1")
                .set("guarantee", guarantee.key()).build();
    }

    /** The app's replay records on the audit topic, oldest first. */
    private static List<ReplayRecord> replays(TestKafka kafka, String app) {
        return kafka.readAll("ferry.audit", Duration.ofSeconds(3)).stream().filter(r -> app.equals(r.key()))
                .map(ConsumerRecord::value).map(ReplayRecord::parse).toList();
    }

    /** Events {"n": ...} at offsets in order, one second apart from T0 + 10 s. */
    private static void produce(String topic, int... numbers) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (int n : numbers) {
                producer.send(new ProducerRecord<>(topic, 0, T0.plusSeconds(n).toEpochMilli(), null,
                        "{\"n\": " + n + "}")).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
