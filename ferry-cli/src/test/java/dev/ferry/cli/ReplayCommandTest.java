package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** replay moves a stopped app's offsets back, against a real broker, and refuses what it cannot do. */
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
        kafka.createTopic(name + ".in", 1);
        kafka.createTopic(name + ".out", 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(name + ".in", 0, T0.plusSeconds(i).toEpochMilli(), null,
                        "{\"n\": " + i + "}")).get(10, TimeUnit.SECONDS);
            }
        }
        try (RunningApp app = kafka.start(appClass)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets(name).values().stream()
                    .mapToLong(Long::longValue).sum() == 10);
        }
    }

    private static List<Integer> outputs(TestKafka kafka, String topic) {
        return kafka.readAll(topic, Duration.ofSeconds(5)).stream()
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
        assertThat(replayed.out()).contains("topic 'replay-copy.in' partition 0: committed offset 10 -> 4 "
                + "(6 event(s) to process again)");
        assertThat(kafka.committedOffsets("replay-copy").values()).containsExactly(4L);
        try (RunningApp app = kafka.start(Copier.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 6);
        }
        assertThat(outputs(kafka, "replay-copy.out")).as("all ten, then 4 to 9 again; no more")
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5, 6, 7, 8, 9);
        List<String> audit = kafka.readAll("ferry.audit", Duration.ofSeconds(5)).stream()
                .filter(r -> "replay-copy".equals(r.key())).map(ConsumerRecord::value).toList();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).contains("\"action\":\"replay\"").contains("\"by\":\"night-shift\"")
                .contains("\"reason\":\"fixed the model\"")
                .contains("{\"topic\":\"replay-copy.in\",\"partition\":0,\"committed\":10,\"from\":4}");
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
        assertThat(later.out()).contains("committed offset 10 -> 7 (3 event(s) to process again)");
        assertThat(kafka.committedOffsets("replay-old").values()).containsExactly(7L);
    }

    @Test
    void replay_has_help_and_needs_a_start() {
        Cli.Result help = cli("replay", "--help");
        Cli.Result noStart = cli("replay", "some-app", "--reason", "r");
        Cli.Result offsetWithoutPartition = cli("replay", "some-app", "--from-offset", "3", "--reason", "r");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: ferry replay").contains("--from-time=TIME");
        assertThat(noStart.exitCode()).isEqualTo(2);
        assertThat(noStart.err()).startsWith("say where to replay from: --from-offset or --from-time");
        assertThat(offsetWithoutPartition.exitCode()).isEqualTo(2);
        assertThat(offsetWithoutPartition.err())
                .startsWith("--from-offset needs --topic and --partition: offsets are per partition");
    }
}
