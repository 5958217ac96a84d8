package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StatusReport;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps announce themselves on the announcement topic: every field of the announcement after start,
 * once; a last one saying it stopped on a clean stop; none with {@code announce.topic: ""}; and a
 * topic that cannot be written does not stop the app.
 */
class AnnouncementTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    public record Echo(int id) { }

    public static class Plain {
        @Ferry(app = "announces-plainly", topics = "ann.plain.in", start = Start.BEGINNING,
                outputs = @Output(topic = "ann.plain.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class AnnouncesNowhere {
        @Ferry(app = "announces-nowhere", topics = "ann.bad.in", start = Start.BEGINNING,
                outputs = @Output(topic = "ann.bad.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    @TempDir
    Path dir;

    @Test
    void after_start_the_announcement_is_on_the_topic_once_with_every_field_right() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("ann.in", 1);
        kafka.createTopic("ann.out", 1);
        kafka.produce("ann.in", List.of("{\"id\": 1, \"sensor\": \"a\"}"));
        AppDescriptor app = AppDescriptor.of(JarredClasses.fromJar(VersionedApp.class, "2.3.4", dir));
        PlatformProfile profile = kafka.profile().toBuilder().set("announce.topic", "ann.apps.start")
                .set("status.topic", "ann.status.start").set("instance-id", "pod-0").set("monitoring.port", "0")
                .set("alerts.runbook-url", "https://runbooks.example/{app}").build();

        try (RunningApp running = FerryEngine.start(app, profile)) {
            await().atMost(WAIT).until(() -> running.status().consumed() == 1);
            StatusReport report = awaitReport(kafka, "ann.status.start", "announced/pod-0",
                    r -> r.status().partitions() == 1);

            List<ConsumerRecord<String, String>> written = kafka.readAll("ann.apps.start", WAIT);
            assertThat(written).as("one announcement, however many status reports").hasSize(1);
            assertThat(written.get(0).key()).isEqualTo("announced/pod-0");
            AppAnnouncement a = AppAnnouncement.parse(written.get(0).value());
            OutputSchema schema = running.outputSchemas().get("ann.out");
            int port = running.monitoringAddress().orElseThrow().getPort();
            assertThat(a).isEqualTo(new AppAnnouncement(AppAnnouncement.VERSION, "announced", "Passes readings on.",
                    "ds-platform@example.com", "2.3.4", "pod-0", report.host(), ProcessHandle.current().pid(),
                    List.of("ann.in"), "json", List.of(new AppAnnouncement.Output("ann.out", "json", "json-schema",
                    schema.document())), "at-least-once", "direct", "https://runbooks.example/announced",
                    "http://" + report.host() + ":" + port, a.startedAt(), a.announcedAt(), false));
            assertThat(schema.document()).contains("\"sensor\"");
            assertThat(a.startedAt()).isBeforeOrEqualTo(a.announcedAt()).isBeforeOrEqualTo(report.reportedAt());
            assertThat(report.pid()).isEqualTo(a.pid());
            assertThat(cleanupPolicy(kafka, "ann.apps.start")).isEqualTo("compact");
        }
    }

    @Test
    void a_clean_stop_announces_that_the_instance_stopped() {
        TestKafka kafka = KAFKA.client();
        PlatformProfile profile = devProfile(kafka).toBuilder().set("announce.topic", "ann.apps.stop")
                .set("instance-id", "pod-1").set("guarantee", "exactly-once").build();
        RunningApp running = FerryEngine.start(AppDescriptor.of(Plain.class), profile);
        try (running) {
            await().atMost(WAIT).ignoreExceptions().until(() -> kafka.endOffsetTotal("ann.apps.stop") == 1);
        }

        List<ConsumerRecord<String, String>> written = kafka.readAll("ann.apps.stop", WAIT);
        assertThat(written).hasSize(2).extracting(ConsumerRecord::key).containsOnly("announces-plainly/pod-1");
        AppAnnouncement started = AppAnnouncement.parse(written.get(0).value());
        AppAnnouncement stopped = AppAnnouncement.parse(written.get(1).value());
        assertThat(started.stopped()).isFalse();
        assertThat(started.guarantee()).isEqualTo("exactly-once");
        assertThat(started.appVersion()).as("from a directory: no jar, no version").isEmpty();
        assertThat(started.monitoring()).as("no monitoring endpoint").isEmpty();
        assertThat(started.runbook()).as("no runbook-url").isEmpty();
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped).isEqualTo(started.stoppedAt(stopped.announcedAt()));
        assertThat(stopped.announcedAt()).isAfterOrEqualTo(started.announcedAt());
    }

    @Test
    void an_empty_announce_topic_writes_no_announcement_and_status_goes_on() throws Exception {
        TestKafka kafka = KAFKA.client();
        PlatformProfile profile = devProfile(kafka).toBuilder().set("announce.topic", "")
                .set("status.topic", "ann.status.off").set("instance-id", "pod-2").build();

        try (RunningApp running = FerryEngine.start(AppDescriptor.of(Plain.class), profile)) {
            awaitReport(kafka, "ann.status.off", "announces-plainly/pod-2", r -> r.status().partitions() == 1);
        }

        try (Admin admin = admin(kafka)) {
            assertThat(admin.listTopics().names().get()).as("not even the default topic is made")
                    .contains("ann.status.off").doesNotContain("ferry.apps");
        }
    }

    @Test
    void an_announcement_topic_that_cannot_be_written_does_not_stop_the_app() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("ann.bad.in", 1);
        kafka.createTopic("ann.bad.out", 1);
        kafka.produce("ann.bad.in", IntStream.range(0, 20).mapToObj(i -> "{\"id\": " + i + "}").toList());
        PlatformProfile profile = kafka.profile().toBuilder().set("announce.topic", "not a topic!")
                .set("status.topic", "ann.status.bad").set("instance-id", "pod-3").build();

        try (CapturedLog log = CapturedLog.start();
             RunningApp running = FerryEngine.start(AppDescriptor.of(AnnouncesNowhere.class), profile)) {
            await().atMost(WAIT).until(() -> running.status().consumed() == 20);
            awaitReport(kafka, "ann.status.bad", "announces-nowhere/pod-3", r -> r.status().consumed() == 20);
            await().atMost(WAIT).until(() -> log.messages().stream()
                    .anyMatch(m -> m.startsWith("app 'announces-nowhere': cannot write its announcement to 'not a topic!'")));

            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(kafka.readAllValues("ann.bad.out", WAIT)).hasSize(20);
            assertThat(log.messages()).filteredOn(m -> m.contains("cannot create the announcement topic 'not a topic!'"))
                    .hasSize(1);
        }
    }

    private static PlatformProfile devProfile(TestKafka kafka) {
        return kafka.profile().toBuilder().set("dev-mode", "true").set("dev-partitions", "1").build();
    }

    /** The latest status report of {@code key} once one matches. */
    private static StatusReport awaitReport(TestKafka kafka, String topic, String key,
                                            java.util.function.Predicate<StatusReport> matches) {
        return await().atMost(WAIT).until(() -> latest(kafka, topic, key), r -> r != null && matches.test(r));
    }

    private static StatusReport latest(TestKafka kafka, String topic, String key) {
        try {
            List<ConsumerRecord<String, String>> all = kafka.readAll(topic, Duration.ofSeconds(10));
            StatusReport last = null;
            for (ConsumerRecord<String, String> r : all) {
                if (key.equals(r.key())) {
                    last = StatusReport.parse(r.value());
                }
            }
            return last;
        } catch (RuntimeException e) {
            return null; // not created yet
        }
    }

    private static String cleanupPolicy(TestKafka kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry e = admin.describeConfigs(List.of(r)).all().get().get(r).get("cleanup.policy");
            return e.value();
        }
    }

    private static Admin admin(TestKafka kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }
}
