package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StartupException;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps with {@code write-back: proxy} against a real proxy and a real broker: outputs arrive and
 * input offsets are committed only once the proxy acknowledged them (a proxy that goes away holds
 * the commits back, and nothing is lost when it is back), a schema the proxy enforces halts the app
 * at the exact event, a rule rewritten in the rules file reaches a running app, and a wrong token or
 * exactly-once stop the start with a sentence.
 */
class ProxyWriteBackTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger APPS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    private static String app() {
        return "proxy-app-" + APPS.incrementAndGet();
    }

    private static List<String> scores(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("{\"user\": \"u" + i + "\", \"score\": " + i + "}");
        }
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private long committed(String app) {
        return kafka.committedOffsets(app).values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void commits_only_what_the_proxy_acknowledged_and_loses_nothing_while_it_is_away() throws Exception {
        String app = app();
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        kafka.produce(in, scores(0, 20));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "");
             RunningApp running = FerryEngine.start(ProxyFixture.scoring(app, in, out), proxy.appProfile(app))) {
            await().atMost(WAIT).until(() -> running.status().consumed() == 20);
            await().atMost(WAIT).until(() -> committed(app) == 20);
            assertThat(kafka.readAllValues(out, Duration.ofSeconds(10))).hasSize(20);

            proxy.server.close();
            kafka.produce(in, scores(20, 40));
            await().atMost(WAIT).until(() -> running.status().store().isPresent());
            assertThat(running.status().store().get().reason()).contains("write-back proxy at "
                    + proxy.server.address());
            assertThat(running.status().ready()).isFalse();
            assertThat(committed(app)).as("nothing is committed past what the proxy acknowledged").isEqualTo(20);
            assertThat(running.status().consumed()).isEqualTo(20);

            proxy.restart();
            await().atMost(WAIT).until(() -> running.status().consumed() == 40);
            await().atMost(WAIT).until(() -> committed(app) == 40);
            await().atMost(WAIT).until(() -> running.status().store().isEmpty());
        }
        Set<String> users = new HashSet<>();
        for (String v : kafka.readAllValues(out, Duration.ofSeconds(10))) {
            users.add(json(v).path("payload").path("user").asText());
        }
        assertThat(users).as("every event's output is there").hasSize(40).contains("u0", "u39");
    }

    @Test
    void a_schema_the_proxy_enforces_halts_the_app_at_the_exact_event() throws Exception {
        String app = app();
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        Files.writeString(dir.resolve("score.json"), "{\"type\": \"object\", \"properties\": {\"payload\": {\"type\": "
                + "\"object\", \"properties\": {\"score\": {\"type\": \"integer\", \"maximum\": 100}}}}}");
        List<String> events = new ArrayList<>(scores(0, 7));
        events.set(5, "{\"user\": \"u5\", \"score\": 500}"); // fine for the app's own schema, not for the pinned one
        kafka.produce(in, events);
        String pinned = "topics:\n  " + out + ":\n    owner: " + app + "\n    schema-file: score.json\n";
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), pinned);
             RunningApp running = FerryEngine.start(ProxyFixture.scoring(app, in, out), proxy.appProfile(app))) {
            await().atMost(WAIT).until(() -> running.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = running.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition(in, 0, 5));
            assertThat(failure.attempts()).as("a rejection is not retried").isEqualTo(1);
            assertThat(failure.message()).contains("rejected output topic '" + out + "'", "(rule 'schema')",
                    "$.payload.score", "100", "score.json");
            await().atMost(WAIT).until(() -> committed(app) == 5);
        }
        assertThat(kafka.readAllValues(out, Duration.ofSeconds(10))).extracting(v -> json(v).at("/payload/user").asText())
                .as("the events before it are written, once, and none after it").containsExactly("u0", "u1", "u2", "u3",
                        "u4");
    }

    @Test
    void a_rule_changed_in_the_rules_file_applies_to_the_running_app() throws Exception {
        String app = app();
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - set: metadata.producer\n    value: \"{app}\"\n");
        kafka.produce(in, scores(0, 3));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app),
                "rules-file: rules.yaml\nrules-poll: 100ms\n");
             RunningApp running = FerryEngine.start(ProxyFixture.scoring(app, in, out), proxy.appProfile(app))) {
            await().atMost(WAIT).until(() -> running.status().consumed() == 3);
            List<JsonNode> first = kafka.readAllValues(out, Duration.ofSeconds(10)).stream().map(ProxyWriteBackTest::json)
                    .toList();
            assertThat(first).hasSize(3).allSatisfy(e -> {
                assertThat(e.at("/metadata/producer").asText()).isEqualTo(app);
                assertThat(e.at("/metadata/version").asText()).isEqualTo("1");
            });

            Files.writeString(rules, "rules:\n  - set: metadata.producer\n    value: \"platform/{app}\"\n"
                    + "  - map: metadata.version\n    from: \"1\"\n    to: \"gbm-2026.12\"\n    topics: [" + out + "]\n");
            AtomicInteger next = new AtomicInteger(3);
            await().atMost(WAIT).until(() -> {
                int i = next.getAndIncrement();
                kafka.produce(in, scores(i, i + 1));
                List<String> all = kafka.readAllValues(out, Duration.ofSeconds(5));
                JsonNode last = json(all.get(all.size() - 1));
                return last.at("/metadata/producer").asText().equals("platform/" + app)
                        && last.at("/metadata/version").asText().equals("gbm-2026.12");
            });
        }
    }

    @Test
    void a_wrong_token_stops_the_start_naming_the_proxy_and_never_the_token() throws Exception {
        String app = app();
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        Path wrong = dir.resolve("wrong.token");
        String token = TokenHash.newToken();
        Files.writeString(wrong, token);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "")) {
            assertThatThrownBy(() -> FerryEngine.start(ProxyFixture.scoring(app, in, out), proxy.appProfile(app, wrong))
                    .close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("app '" + app + "': the write-back proxy at " + proxy.server.address())
                    .hasMessageContaining("the token is not the one whose hash the proxy's config")
                    .hasMessageContaining(wrong.toString())
                    .hasMessageNotContaining(token);
        }
    }

    @Test
    void exactly_once_through_the_proxy_is_refused_at_start() throws Exception {
        String app = app();
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "")) {
            assertThatThrownBy(() -> FerryEngine.start(ProxyFixture.scoring(app, in, out), proxy.appProfile(app)
                    .toBuilder().set("guarantee", "exactly-once").build()).close())
                    .isInstanceOf(ProfileException.class)
                    .hasMessageContaining("write-back proxy cannot give the exactly-once guarantee")
                    .hasMessageContaining("choose guarantee: at-least-once, or write-back: direct");
        }
    }
}
