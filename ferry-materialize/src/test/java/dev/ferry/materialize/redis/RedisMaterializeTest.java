package dev.ferry.materialize.redis;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.materialize.Materialization;
import dev.ferry.materialize.TcpProxy;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materializing into the real Redis at 127.0.0.1:6379 (database {@value RedisFixture#DATABASE}, a key
 * prefix per test, removed after it) from a real embedded broker: the hashes and their fields, the TTL,
 * tombstones, a replay, bad events under the poison policy, Redis going away mid-load, and settings
 * Redis refuses.
 */
class RedisMaterializeTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    /** Features of clients: a name, a score, a count, a flag and a nested profile. */
    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "client": {"type": "string"},
               "score": {"type": ["number", "null"]},
               "visits": {"type": "integer"},
               "vip": {"type": "boolean"},
               "profile": {"type": "object", "properties": {"country": {"type": "string"}, "age": {"type": "integer"}}}
             }}""";

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();
    private final List<RedisFixture> fixtures = new ArrayList<>();

    @AfterEach
    void removeKeys() {
        fixtures.forEach(RedisFixture::close);
    }

    private RedisFixture redis(String name) {
        RedisFixture f = new RedisFixture(name);
        fixtures.add(f);
        return f;
    }

    private static String app() {
        return "m-" + UUID.randomUUID().toString().substring(0, 10);
    }

    /** A materialization file of the topic into Redis database 5 under the fixture's prefix, plus {@code target}. */
    private Path yaml(String app, String topic, RedisFixture redis, String target) throws IOException {
        Files.writeString(dir.resolve("features.schema.json"), SCHEMA);
        Path file = dir.resolve(app + ".yaml");
        Files.writeString(file, "materialize: " + app + "\ntopic: " + topic + "\nschema: features.schema.json\n"
                + "batch-size: 50\ntarget:\n  type: redis\n  database: " + RedisFixture.DATABASE + "\n  key-prefix: '"
                + redis.prefix + "'\n" + target);
        return file;
    }

    private RunningApp start(Path file, PlatformProfile profile) {
        return Materialization.prepare(file, profile).start();
    }

    private PlatformProfile deadLettering() {
        return kafka.profile().toBuilder().set("poison-policy", "dead-letter").build();
    }

    static String features(String client, double score, int visits, boolean vip, String country) {
        return "{\"client\": \"" + client + "\", \"score\": " + score + ", \"visits\": " + visits + ", \"vip\": " + vip
                + ", \"profile\": {\"country\": \"" + country + "\", \"age\": " + (20 + visits) + "}}";
    }

    static Map.Entry<String, String> event(String key, String value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }

    @Test
    void each_entity_is_a_hash_of_every_top_level_field_with_nested_values_as_json_text() throws Exception {
        RedisFixture redis = redis("all-fields");
        String topic = KAFKA.uniqueTopic("features");
        kafka.createTopic(topic, 2);
        kafka.produceKeyed(topic, List.of(event("alice", features("alice", 0.5, 1, false, "fr")),
                event("bob", features("bob", 1.25, 7, true, "de")),
                event("alice", features("alice", 2.5, 3, true, "fr"))));

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: event-key\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().consumed() == 3);
        }

        assertThat(redis.hashes()).as("one hash per entity key, the last event's fields; the event key is the hash's "
                + "name, not a field").containsExactly(
                Map.entry(redis.prefix + "alice", Map.of("client", "alice", "score", "2.5", "visits", "3", "vip", "true",
                        "profile", "{\"country\":\"fr\",\"age\":23}")),
                Map.entry(redis.prefix + "bob", Map.of("client", "bob", "score", "1.25", "visits", "7", "vip", "true",
                        "profile", "{\"country\":\"de\",\"age\":27}")));
        assertThat(redis.pttl("alice")).as("no ttl set: the hash does not expire").isEqualTo(-1);
    }

    @Test
    void only_the_chosen_fields_are_written_and_a_key_from_a_field_is_the_hashs_name() throws Exception {
        RedisFixture redis = redis("chosen");
        String topic = KAFKA.uniqueTopic("chosen");
        kafka.createTopic(topic, 1);
        // the example of docs/materialize.md, under Redis
        kafka.produce(topic, List.of("{\"client\": \"c42\", \"score\": 0.25, \"visits\": 7, \"profile\": "
                + "{\"country\": \"fr\"}}", features("bob", 1.5, 2, true, "de")));

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: client\n  fields: [score, visits, "
                + "profile.country]\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().consumed() == 2);
        }

        assertThat(redis.hashes()).containsExactly(
                Map.entry(redis.prefix + "bob", Map.of("score", "1.5", "visits", "2", "profile.country", "de")),
                Map.entry(redis.prefix + "c42", Map.of("score", "0.25", "visits", "7", "profile.country", "fr")));
    }

    @Test
    void a_ttl_is_set_on_every_hash_and_refreshed_by_every_write() throws Exception {
        RedisFixture redis = redis("ttl");
        String topic = KAFKA.uniqueTopic("ttl");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", features("alice", 0.5, 1, false, "fr"))));

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: event-key\n  ttl: 1h\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().consumed() == 1);
            assertThat(redis.pttl("alice")).isBetween(1L, Duration.ofHours(1).toMillis());

            redis.jedis().pexpire(redis.prefix + "alice", 60_000);
            kafka.produceKeyed(topic, List.of(event("alice", features("alice", 0.75, 2, false, "fr"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().consumed() == 2);
        }

        assertThat(redis.pttl("alice")).as("the second write set the ttl to 1h again").isGreaterThan(60_000L);
        assertThat(redis.hash("alice")).containsEntry("score", "0.75");
    }

    @Test
    void a_tombstone_deletes_the_hash_of_its_key() throws Exception {
        RedisFixture redis = redis("tombstone");
        String topic = KAFKA.uniqueTopic("tombstone");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", features("alice", 1, 1, false, "fr")),
                event("bob", features("bob", 2, 2, false, "de")), event("alice", null),
                event("carol", features("carol", 3, 3, false, "it")), event("carol", null),
                event("carol", features("carol", 4, 4, true, "it")), event("nobody", null)));

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: client\n  ttl: 1h\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().consumed() == 7);
            assertThat(running.status().deadLettered()).isZero();
        }

        assertThat(redis.keys()).as("alice deleted; carol deleted and written again; a tombstone of a key never "
                + "written deletes nothing").containsExactly(redis.prefix + "bob", redis.prefix + "carol");
        assertThat(redis.hash("carol")).containsEntry("visits", "4");
    }

    @Test
    void a_replay_of_the_topic_leaves_the_same_hashes_and_a_field_an_event_leaves_out_is_removed() throws Exception {
        RedisFixture redis = redis("replay");
        String topic = KAFKA.uniqueTopic("replay");
        kafka.createTopic(topic, 3);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            String client = "c" + (i % 40);
            if (i % 17 == 0) {
                events.add(event(client, null));
                expected.remove(redis.prefix + client);
            } else if (i % 5 == 0) {
                // no score and no profile: the hash loses both fields
                events.add(event(client, "{\"client\": \"" + client + "\", \"visits\": " + i + ", \"vip\": false}"));
                expected.put(redis.prefix + client, Map.of("client", client, "visits", Integer.toString(i),
                        "vip", "false"));
            } else {
                events.add(event(client, features(client, i / 4.0, i, i % 2 == 0, "fr")));
                expected.put(redis.prefix + client, Map.of("client", client, "score", Double.toString(i / 4.0),
                        "visits", Integer.toString(i), "vip", Boolean.toString(i % 2 == 0),
                        "profile", "{\"country\":\"fr\",\"age\":" + (20 + i) + "}"));
            }
        }
        kafka.produceKeyed(topic, events);

        try (RunningApp first = start(yaml(app(), topic, redis, "  key: event-key\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.status().consumed() == events.size());
        }
        Map<String, Map<String, String>> once = redis.hashes();
        assertThat(once).as("the last event of each key, or none after a tombstone").isEqualTo(expected);

        // another group reads the whole topic again, into the same hashes
        try (RunningApp replay = start(yaml(app(), topic, redis, "  key: event-key\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> replay.status().consumed() == events.size());
        }
        assertThat(redis.hashes()).as("the replay wrote the same hashes").isEqualTo(once);
    }

    @Test
    void an_event_without_its_key_is_dead_lettered_with_a_reason_naming_the_field() throws Exception {
        RedisFixture redis = redis("no-key");
        String topic = KAFKA.uniqueTopic("nokey");
        kafka.createTopic(topic, 1);
        String app = app();
        kafka.createTopic(app + ".dead-letter", 1);
        kafka.produce(topic, List.of(features("alice", 1, 1, false, "fr"), "{\"score\": 2.0, \"visits\": 2}",
                features("bob", 3, 3, false, "de")));

        try (RunningApp running = start(yaml(app, topic, redis, "  key: client\n"), deadLettering())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().deadLettered() == 1
                    && redis.keys().size() == 2);
        }

        assertThat(redis.keys()).containsExactly(redis.prefix + "alice", redis.prefix + "bob");
        List<ConsumerRecord<String, String>> dead = kafka.readAll(app + ".dead-letter", Duration.ofSeconds(5));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).contains("\"score\": 2.0");
        assertThat(header(dead.get(0), "ferry.error.message")).contains("key column 'client'")
                .contains("field 'client' is missing or null");
    }

    @Test
    void an_event_without_its_key_halts_the_app_at_itself_under_the_halt_policy() throws Exception {
        RedisFixture redis = redis("halt");
        String topic = KAFKA.uniqueTopic("halt");
        kafka.createTopic(topic, 1);
        kafka.produce(topic, List.of(features("alice", 1, 1, false, "fr"), "{\"visits\": 2}",
                features("bob", 3, 3, false, "de")));

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: client\n"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = running.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(1);
            assertThat(failure.message()).contains("field 'client' is missing or null");
        }
        assertThat(redis.keys()).as("the event before it is written, none after").containsExactly(
                redis.prefix + "alice");
    }

    @Test
    void a_key_that_holds_another_type_fails_its_event_naming_the_key() throws Exception {
        RedisFixture redis = redis("wrongtype");
        String topic = KAFKA.uniqueTopic("wrongtype");
        kafka.createTopic(topic, 1);
        String app = app();
        kafka.createTopic(app + ".dead-letter", 1);
        redis.jedis().set(redis.prefix + "alice", "a string, not a hash");
        kafka.produceKeyed(topic, List.of(event("bob", features("bob", 1, 1, false, "de")),
                event("alice", features("alice", 2, 2, false, "fr")), event("carol", features("carol", 3, 3, true, "it"))));

        try (RunningApp running = start(yaml(app, topic, redis, "  key: event-key\n"), deadLettering())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().deadLettered() == 1
                    && redis.keys().size() == 3);
        }

        assertThat(redis.hash("bob")).containsEntry("visits", "1");
        assertThat(redis.hash("carol")).containsEntry("visits", "3");
        assertThat(redis.jedis().get(redis.prefix + "alice")).isEqualTo("a string, not a hash");
        List<ConsumerRecord<String, String>> dead = kafka.readAll(app + ".dead-letter", Duration.ofSeconds(5));
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("alice");
        assertThat(header(dead.get(0), "ferry.error.message")).contains("key '" + redis.prefix + "alice'")
                .contains("WRONGTYPE");
    }

    @Test
    void redis_going_away_mid_load_holds_the_events_until_it_is_back_and_then_every_hash_is_there() throws Exception {
        RedisFixture redis = redis("outage");
        String topic = KAFKA.uniqueTopic("outage");
        kafka.createTopic(topic, 2);
        List<Map.Entry<String, String>> before = new ArrayList<>();
        List<Map.Entry<String, String>> during = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            (i < 200 ? before : during).add(event("c" + i, features("c" + i, i, i, false, "fr")));
        }
        try (TcpProxy proxy = new TcpProxy(RedisFixture.PORT)) {
            Path file = yaml(app(), topic, redis, "  key: event-key\n  timeout: 500ms\n").toAbsolutePath();
            String text = Files.readString(file).replace("  database: " + RedisFixture.DATABASE + "\n",
                    "  url: redis://127.0.0.1:" + proxy.port() + "/" + RedisFixture.DATABASE + "\n");
            Files.writeString(file, text);
            try (RunningApp running = start(file, kafka.profile())) {
                kafka.produceKeyed(topic, before);
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.keys().size() == 200);

                proxy.down();
                kafka.produceKeyed(topic, during);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                        redis.keys().size() == 200 && running.status().state() != AppStatus.State.HALTED);

                proxy.up();
                await().atMost(Duration.ofSeconds(60)).until(() -> redis.keys().size() == 400
                        && running.status().consumed() == 400);
                assertThat(running.status().state()).isNotEqualTo(AppStatus.State.HALTED);
                assertThat(running.status().deadLettered()).isZero();
            }
        }
        Map<String, Map<String, String>> hashes = redis.hashes();
        assertThat(hashes).hasSize(400);
        for (int i = 0; i < 400; i++) {
            assertThat(hashes.get(redis.prefix + "c" + i)).as("c" + i).containsEntry("visits", Integer.toString(i));
        }
    }

    @Test
    void redis_down_when_the_app_starts_is_waited_for() throws Exception {
        RedisFixture redis = redis("down-at-start");
        String topic = KAFKA.uniqueTopic("downatstart");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", features("alice", 1, 1, false, "fr")),
                event("bob", features("bob", 2, 2, false, "de"))));
        try (TcpProxy proxy = new TcpProxy(RedisFixture.PORT)) {
            proxy.down();
            Path file = yaml(app(), topic, redis, "  key: event-key\n  timeout: 500ms\n");
            Files.writeString(file, Files.readString(file).replace("  database: " + RedisFixture.DATABASE + "\n",
                    "  url: redis://127.0.0.1:" + proxy.port() + "/" + RedisFixture.DATABASE + "\n"));
            try (RunningApp running = start(file, kafka.profile())) {
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                        running.status().consumed() == 0 && running.status().state() != AppStatus.State.HALTED);

                proxy.up();
                await().atMost(Duration.ofSeconds(60)).until(() -> running.status().consumed() == 2);
                assertThat(running.status().state()).isNotEqualTo(AppStatus.State.HALTED);
            }
        }
        assertThat(redis.keys()).containsExactly(redis.prefix + "alice", redis.prefix + "bob");
    }

    @Test
    void a_password_redis_refuses_halts_the_app_at_start_naming_the_setting() throws Exception {
        RedisFixture redis = redis("password");
        String topic = KAFKA.uniqueTopic("password");
        kafka.createTopic(topic, 1);
        kafka.produce(topic, List.of(features("alice", 1, 1, false, "fr")));
        PlatformProfile profile = kafka.profile().toBuilder().set("plugins.redis.password", "not-the-password").build();

        try (RunningApp running = start(yaml(app(), topic, redis, "  key: client\n"), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message())
                    .contains("the Redis target cannot use redis redis://127.0.0.1:6379/5 (password set)")
                    .contains("AUTH")
                    .contains("check its url, user, password and database")
                    .doesNotContain("not-the-password");
        }
        assertThat(redis.keys()).isEmpty();
    }

    @Test
    void a_database_index_redis_does_not_have_halts_the_app_at_start() throws Exception {
        RedisFixture redis = redis("database");
        String topic = KAFKA.uniqueTopic("database");
        kafka.createTopic(topic, 1);
        kafka.produce(topic, List.of(features("alice", 1, 1, false, "fr")));
        Path file = yaml(app(), topic, redis, "  key: client\n");
        Files.writeString(file, Files.readString(file).replace("  database: " + RedisFixture.DATABASE + "\n",
                "  database: 100000\n"));

        try (RunningApp running = start(file, kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message()).contains("redis://127.0.0.1:6379/100000")
                    .contains("DB index is out of range");
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
