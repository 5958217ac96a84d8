package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.SkipRecord;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.kafka.HubSettings;
import dev.ferry.hub.kafka.KafkaHubData;
import dev.ferry.hub.kafka.KafkaOnCall;
import dev.ferry.hub.web.HubSecurityTest.Http;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On call from the hub, end to end on a real broker and a real Ferry app: the app halts at a poison
 * event, an admin skips it from the app's page (after a viewer was refused), the app goes on and the
 * poison event's output never appears while the next one's does; then, the app stopped, a replay of
 * offsets 2 to 4 through the API re-delivers exactly those three and nothing more.
 */
class OnCallHubTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final String APP = "hub-oncall";
    private static final int EVENTS = 20;
    private static final int POISON = 13;
    private static final Duration WAIT = Duration.ofSeconds(60);

    public record Reading(int n) { }

    public static class Meters {
        @Ferry(app = APP, topics = APP + ".in", start = Start.BEGINNING,
                outputs = @Output(topic = APP + ".out", schema = Reading.class))
        public static List<Reading> echo(List<Reading> events) {
            for (Reading r : events) {
                if (r.n() == POISON) {
                    throw new IllegalArgumentException("reading " + POISON + " is out of range");
                }
            }
            return events;
        }
    }

    @Test
    void an_admin_skips_the_poison_event_from_the_hub_and_replays_exactly_a_range() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic(APP + ".in", 1);
        kafka.createTopic(APP + ".out", 1);
        kafka.produceKeyed(APP + ".in", IntStream.range(0, EVENTS)
                .mapToObj(i -> Map.entry("meter-" + i, "{\"n\": " + i + "}")).toList());
        PlatformProfile profile = kafka.profile();
        HubSettings settings = HubSettings.of(profile)
                .withIntervals(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
        AuditLog audit = AuditLog.inMemory(1000);
        try (KafkaHubData data = KafkaHubData.start(KAFKA.bootstrapServers(), profile, settings);
             HubServer hub = HubServer.start(data, KafkaOnCall.on(KAFKA.bootstrapServers(), profile,
                     Duration.ofSeconds(10), data), HubServer.Options.secured(HubAccess.of(OnCallWebTest.users(),
                     audit)).port(0))) {
            try (RunningApp app = FerryEngine.start(AppDescriptor.of(Meters.class), profile)) {
                await().atMost(WAIT).until(() -> app.status().state() == AppStatus.State.HALTED);
                Http admin = loggedIn(hub, "admin");
                await().atMost(WAIT).until(() -> admin.get("/apps/" + APP).body().contains("class=\"skip-button\""));
                String page = admin.get("/apps/" + APP).body();
                assertThat(page).contains("data-topic=\"" + APP + ".in\" data-partition=\"0\" data-offset=\"" + POISON
                        + "\"", "reading 13 is out of range");

                Http viewer = loggedIn(hub, "viewer");
                assertThat(viewer.get("/apps/" + APP).body()).contains("data-offset=\"13\"")
                        .doesNotContain("skip-button");
                assertThat(viewer.post("/apps/" + APP + "/skip", skip(csrf(viewer.get("/session").body()))).status())
                        .isEqualTo(403);
                assertThat(app.status().state()).as("the viewer skipped nothing").isEqualTo(AppStatus.State.HALTED);

                Map<String, String> form = skip(csrf(page));
                Http.Response confirm = admin.post("/apps/" + APP + "/skip", form);
                assertThat(confirm.status()).isEqualTo(200);
                assertThat(confirm.body()).contains("id=\"confirm-skip\"");
                assertThat(app.status().state()).as("nothing skipped before the confirmation")
                        .isEqualTo(AppStatus.State.HALTED);
                form.put("confirm", "yes");
                Http.Response done = admin.post("/apps/" + APP + "/skip", form);
                assertThat(done.status()).as(done.body()).isEqualTo(200);

                await().atMost(WAIT).until(() -> app.status().state() == AppStatus.State.RUNNING
                        && app.status().consumed() == EVENTS - 1);
                await().atMost(WAIT).until(() -> List.copyOf(kafka.committedOffsets(APP).values()).equals(List.of((long) EVENTS)));
                assertThat(outputs(kafka)).as("every event but the poison one, once, in order")
                        .containsExactlyElementsOf(IntStream.range(0, EVENTS).filter(i -> i != POISON).boxed().toList());
            }
            awaitNoMembers();

            Http.Response replay = new Http(hub.url()).bearer(OnCallWebTest.ADMIN_TOKEN).postJson("/api/apps/" + APP
                    + "/replay", "{\"topic\":\"" + APP + ".in\",\"partition\":0,\"fromOffset\":2,\"toOffset\":4,"
                    + "\"reason\":\"re-check meters 2 to 4\"}");
            assertThat(replay.status()).as(replay.body()).isEqualTo(200);
            JsonNode record = replay.json().path("replayed").get(0);
            assertThat(record.path("from").asLong()).isEqualTo(2);
            assertThat(record.path("to").asLong()).isEqualTo(4);
            assertThat(record.path("resumeAt").asLong()).isEqualTo(EVENTS);

            try (RunningApp again = FerryEngine.start(AppDescriptor.of(Meters.class), profile)) {
                await().atMost(WAIT).until(() -> again.status().consumed() == 3);
                await().atMost(WAIT).until(() -> List.copyOf(kafka.committedOffsets(APP).values()).equals(List.of((long) EVENTS)));
                assertThat(outputs(kafka)).as("the first run's outputs, then 2, 3 and 4 again, and nothing more")
                        .containsExactlyElementsOf(Stream.concat(IntStream.range(0, EVENTS).filter(i -> i != POISON)
                                .boxed(), Stream.of(2, 3, 4)).toList());
                assertThat(again.status().consumed()).isEqualTo(3);
            }
        }
        List<String> auditTopic = kafka.readAll("ferry.audit", Duration.ofSeconds(10)).stream()
                .filter(r -> APP.equals(r.key())).map(ConsumerRecord::value).toList();
        assertThat(auditTopic).hasSize(2);
        SkipRecord skip = SkipRecord.parse(auditTopic.get(0));
        assertThat(skip.by()).isEqualTo("admin");
        assertThat(skip.event().offset()).isEqualTo(POISON);
        assertThat(skip.key()).isEqualTo("meter-13");
        ReplayRecord replayed = ReplayRecord.parse(auditTopic.get(1));
        assertThat(replayed.by()).isEqualTo("pager");
        assertThat(replayed.reason()).isEqualTo("re-check meters 2 to 4");
        assertThat(audit.recent(1000)).filteredOn(e -> e.action().startsWith("hub.") && !e.action().equals(
                AuditEntry.LOGIN)).extracting(AuditEntry::action, AuditEntry::by).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditEntry.REPLAY, "pager"),
                org.assertj.core.groups.Tuple.tuple(AuditEntry.SKIP, "admin"),
                org.assertj.core.groups.Tuple.tuple(AuditEntry.REFUSED, "viewer"));
    }

    private static List<Integer> outputs(TestKafka kafka) {
        return kafka.readAll(APP + ".out", Duration.ofSeconds(10)).stream()
                .map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
    }

    private static void awaitNoMembers() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            await().atMost(WAIT).until(() -> admin.describeConsumerGroups(List.of(APP)).describedGroups().get(APP)
                    .get().members().isEmpty());
        }
    }

    private static Map<String, String> skip(String csrf) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("csrf", csrf);
        form.put("topic", APP + ".in");
        form.put("partition", "0");
        form.put("offset", String.valueOf(POISON));
        form.put("reason", "meter 13 was broken that night");
        return form;
    }

    private static Http loggedIn(HubServer hub, String user) {
        Http browser = new Http(hub.url());
        String csrf = csrf(browser.get("/login").body());
        Http.Response r = browser.post("/login", Map.of("user", user, "password", user + "-pw", "csrf", csrf));
        assertThat(r.status()).as("login of " + user).isEqualTo(302);
        return browser;
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a csrf field in " + html).isTrue();
        return m.group(1);
    }
}
