package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.columnTypes;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static dev.ferry.materialize.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materializing into the real PostgreSQL at 127.0.0.1:5432 (database {@code test}, trust auth) from a
 * real embedded broker: the table made from the schema, upserts, appends, tombstones, schema changes,
 * bad events, and exactly-once across a restart. Each test has a table and an app of its own.
 */
class PostgresMaterializeTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();
    private final List<String> tables = new ArrayList<>();
    private final List<String> apps = new ArrayList<>();
    private Connection db;

    @BeforeEach
    void connect() {
        db = Fixtures.postgres();
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = db; Statement s = c.createStatement()) {
            for (String t : tables) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            for (String a : apps) {
                s.execute("DELETE FROM ferry_offsets WHERE app = '" + a + "'");
            }
        }
    }

    private String table() {
        String t = Fixtures.unique("clicks");
        tables.add(t);
        return t;
    }

    private String app() {
        String a = Fixtures.unique("m").replace('_', '-');
        apps.add(a);
        return a;
    }

    private Path yaml(String app, String topic, String table, String extra) {
        Path schema = Fixtures.write(dir, table + ".schema.json", Fixtures.CLICKS_SCHEMA);
        return Fixtures.write(dir, table + ".yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: "
                + schema.getFileName() + "\nbatch-size: 50\ntarget:\n  type: postgres\n  url: " + Fixtures.PG_URL
                + "\n  table: " + table + "\n" + extra);
    }

    private PlatformProfile profile() {
        return kafka.profile();
    }

    private long stored(String app) throws SQLException {
        if (count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_offsets'") == 0) {
            return 0;
        }
        return count(db, "SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
    }

    @Test
    void the_table_is_made_from_the_schema_with_mapped_types_and_rows_are_upserted_on_the_key() throws Exception {
        String topic = KAFKA.uniqueTopic("clicks");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 2);
        kafka.produceKeyed(topic, List.of(event("a", click(1, "alice", 0.5)), event("b", click(2, "bob", 1.5)),
                event("a", click(3, "alice", 2.5))));
        Materialization m = Materialization.prepare(yaml(app, topic, table, "  key: client\n"), profile());

        try (RunningApp running = m.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 3);
        }

        assertThat(columnTypes(db, table)).containsExactly(Map.entry("client", "text"), Map.entry("id", "bigint"),
                Map.entry("score", "double precision"), Map.entry("ok", "boolean"), Map.entry("meta", "jsonb"));
        assertThat(rows(db, "SELECT client, id, score, ok, meta->>'source' AS source FROM " + table + " ORDER BY client"))
                .containsExactly(
                        Map.of("client", "alice", "id", 3L, "score", 2.5, "ok", false, "source", "web"),
                        Map.of("client", "bob", "id", 2L, "score", 1.5, "ok", true, "source", "web"));
        assertThat(count(db, "SELECT count(*) FROM information_schema.table_constraints WHERE table_name = '" + table
                + "' AND constraint_type = 'PRIMARY KEY'")).as("the key is the primary key").isEqualTo(1);
    }

    @Test
    void a_tombstone_deletes_the_row_of_its_key() throws Exception {
        String topic = KAFKA.uniqueTopic("tomb");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", click(1, "alice", 1)), event("bob", click(2, "bob", 2)),
                event("alice", null), event("carol", click(3, "carol", 3)), event("carol", null),
                event("carol", click(4, "carol", 4))));
        Materialization m = Materialization.prepare(yaml(app, topic, table, "  key: event-key\n  mode: upsert\n"),
                profile());

        try (RunningApp running = m.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 6);
        }

        assertThat(rows(db, "SELECT event_key, id FROM " + table + " ORDER BY event_key")).as("alice deleted; carol "
                + "deleted and written again").containsExactly(Map.of("event_key", "bob", "id", 2L),
                Map.of("event_key", "carol", "id", 4L));
    }

    @Test
    void in_append_mode_a_tombstone_deletes_the_rows_of_its_key_written_before_it_not_after() throws Exception {
        String topic = KAFKA.uniqueTopic("append-tomb");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", click(1, "alice", 1)), event("alice", click(2, "alice", 2)),
                event("bob", click(3, "bob", 3)), event("alice", null), event("alice", click(4, "alice", 4))));
        Materialization m = Materialization.prepare(yaml(app, topic, table, "  key: event-key\n  mode: append\n"),
                profile());

        try (RunningApp running = m.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 5);
        }

        assertThat(rows(db, "SELECT event_key, id FROM " + table + " ORDER BY id")).containsExactly(
                Map.of("event_key", "bob", "id", 3L), Map.of("event_key", "alice", "id", 4L));
        assertThat(count(db, "SELECT count(*) FROM information_schema.table_constraints WHERE table_name = '" + table
                + "' AND constraint_type = 'PRIMARY KEY'")).as("append mode: no primary key").isZero();
    }

    @Test
    void a_new_optional_field_adds_a_column_and_old_rows_have_null_there() throws Exception {
        String topic = KAFKA.uniqueTopic("evolve");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        String v1 = Fixtures.CLICKS_SCHEMA.replace("\"ok\": {\"type\": \"boolean\"},", "");
        Path schema = Fixtures.write(dir, "v1.schema.json", v1);
        Path file = Fixtures.write(dir, "evolve.yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: "
                + schema + "\ntarget:\n  type: postgres\n  url: " + Fixtures.PG_URL + "\n  table: " + table
                + "\n  key: id\n");
        kafka.produceKeyed(topic, List.of(event("1", click(1, "alice", 1))));
        try (RunningApp running = Materialization.prepare(file, profile()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 1);
        }
        assertThat(columnTypes(db, table)).doesNotContainKey("ok");

        Fixtures.write(dir, "v1.schema.json", Fixtures.CLICKS_SCHEMA); // the writer's new version adds "ok"
        kafka.produceKeyed(topic, List.of(event("2", click(2, "bob", 2))));
        try (RunningApp running = Materialization.prepare(file, profile()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 2);
        }

        assertThat(columnTypes(db, table)).containsEntry("ok", "boolean");
        List<Map<String, Object>> rows = rows(db, "SELECT id, ok FROM " + table + " ORDER BY id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("id", 1L).containsEntry("ok", null);
        assertThat(rows.get(1)).containsEntry("id", 2L).containsEntry("ok", true);
    }

    @Test
    void a_column_of_an_incompatible_type_halts_the_app_naming_the_column() throws Exception {
        String topic = KAFKA.uniqueTopic("incompatible");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + table + " (client text PRIMARY KEY, id bigint, score text)");
        }
        kafka.produceKeyed(topic, List.of(event("a", click(1, "alice", 1))));

        try (RunningApp running = Materialization.prepare(yaml(app, topic, table, "  key: client\n"), profile())
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message())
                    .contains("column 'score' of table '" + table + "' is text, but field 'score' is a number "
                            + "(double precision) in the schema");
        }
        assertThat(count(db, "SELECT count(*) FROM " + table)).isZero();
        assertThat(columnTypes(db, table)).containsEntry("score", "text");
    }

    @Test
    void upsert_into_a_table_with_no_key_constraint_halts_at_start_naming_the_key_column() throws Exception {
        String topic = KAFKA.uniqueTopic("no-pk");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + table + " (client text, id bigint)");
        }
        kafka.produceKeyed(topic, List.of(event("a", click(1, "alice", 1))));

        try (RunningApp running = Materialization.prepare(yaml(app, topic, table, "  key: client\n"), profile())
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message()).contains("table '" + table + "' has no "
                    + "primary key or unique constraint on key column 'client', which upsert needs");
        }
        assertThat(count(db, "SELECT count(*) FROM " + table)).isZero();
        assertThat(columnTypes(db, table)).as("nothing added to a table refused").doesNotContainKey("score");
    }

    @Test
    void an_event_of_the_wrong_type_halts_at_itself_naming_the_column_and_every_event_before_it_is_written()
            throws Exception {
        String topic = KAFKA.uniqueTopic("bad");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> events.add(event("k" + i, i == 6
                ? "{\"id\": 6, \"client\": 12, \"score\": 1}" : click(i, "c" + i, i))));
        kafka.produceKeyed(topic, events);

        try (RunningApp running = Materialization.prepare(yaml(app, topic, table, "  key: id\n"), profile()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = running.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(6);
            assertThat(failure.message()).contains("column 'client' (field client): expected a string, got an "
                    + "integer 12");
        }
        assertThat(rows(db, "SELECT id FROM " + table + " ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(stored(app)).isEqualTo(6);
    }

    @Test
    void an_event_with_no_key_halts_at_itself_naming_the_key_column() throws Exception {
        haltsAtTheSixthEvent("{\"id\": 6, \"score\": 1}", "key column 'client': field 'client' is missing or null");
    }

    @Test
    void an_oversized_value_halts_at_itself_naming_the_column_and_the_limit() throws Exception {
        haltsAtTheSixthEvent(click(6, "x".repeat(300), 6), "column 'client' (field client): 300 bytes, more than "
                + "target.max-column-bytes 200");
    }

    /** Events 0..9 with event 6 replaced by {@code bad}: the app halts at offset 6 and events 0..5 are written. */
    private void haltsAtTheSixthEvent(String bad, String reason) throws Exception {
        String topic = KAFKA.uniqueTopic("bad");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> events.add(event("k" + i, i == 6 ? bad : click(i, "c" + i, i))));
        kafka.produceKeyed(topic, events);

        Path file = yaml(app, topic, table, "  key: client\n  max-column-bytes: 200\n");
        try (RunningApp running = Materialization.prepare(file, profile()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = running.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(6);
            assertThat(failure.message()).contains(reason);
        }
        assertThat(rows(db, "SELECT id FROM " + table + " ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(stored(app)).isEqualTo(6);
    }

    @Test
    void bad_events_are_dead_lettered_with_the_column_named_and_the_others_written() throws Exception {
        String topic = KAFKA.uniqueTopic("dlq");
        String table = table();
        String app = app();
        kafka.createTopic(topic, 1);
        PlatformProfile profile = profile().toBuilder().set("poison-policy", "dead-letter").build();
        String deadLetters = profile.deadLetterTopic(app);
        kafka.createTopic(deadLetters, 1);
        String huge = "x".repeat(300);
        kafka.produceKeyed(topic, List.of(event("k0", click(0, "c0", 0)),
                event("k1", "{\"id\": 1, \"score\": 1}"),
                event("k2", click(2, huge, 2)),
                event("k3", "{\"id\": 3, \"client\": \"c3\", \"score\": \"high\"}"),
                event("k4", click(4, "c4", 4))));

        Path file = yaml(app, topic, table, "  key: client\n  max-column-bytes: 200\n");
        try (RunningApp running = Materialization.prepare(file, profile).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(app) == 5);
            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }

        assertThat(rows(db, "SELECT client FROM " + table + " ORDER BY client")).extracting(r -> r.get("client"))
                .containsExactly("c0", "c4");
        List<String> reasons = kafka.readAll(deadLetters, Duration.ofSeconds(5)).stream()
                .map(r -> new String(r.headers().lastHeader("ferry.error.message").value())).toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).contains("key column 'client': field 'client' is missing or null");
        assertThat(reasons.get(1)).contains("column 'client' (field client): 300 bytes, more than "
                + "target.max-column-bytes 200");
        assertThat(reasons.get(2)).contains("column 'score' (field score): expected a number, got a string \"high\"");
    }

    @Test
    void append_mode_writes_every_event_exactly_once_across_a_stop_in_the_middle_of_the_load() throws Exception {
        exactlyOnceAcrossARestart("  mode: append\n", false);
    }

    @Test
    void upsert_mode_holds_the_last_event_of_each_key_across_a_stop_in_the_middle_of_the_load() throws Exception {
        exactlyOnceAcrossARestart("  key: id\n", true);
    }

    private void exactlyOnceAcrossARestart(String mapping, boolean upsert) throws Exception {
        String topic = KAFKA.uniqueTopic("eos");
        String table = table();
        String app = app();
        int total = 20_000; // enough that the stop below, once 200 are stored, is in the middle of the load
        kafka.createTopic(topic, 2);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        // in upsert mode, every id appears twice (keyed by it, so in one partition): the table must hold each id's
        // last score
        IntStream.range(0, total).forEach(i -> {
            int id = upsert ? i % (total / 2) : i;
            events.add(event("k" + id, click(id, "c" + i, i)));
        });
        kafka.produceKeyed(topic, events);
        Path file = yaml(app, topic, table, mapping);

        try (RunningApp running = Materialization.prepare(file, profile()).start()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> stored(app) >= 200);
        }
        long afterFirst = stored(app);
        assertThat(afterFirst).as("stopped in the middle of the load").isLessThan(total);
        assertThat(count(db, "SELECT count(*) FROM " + table)).as("rows and offsets were committed together")
                .isEqualTo(upsert ? Math.min(afterFirst, total / 2) : afterFirst);
        rewindGroup(app, topic);

        try (RunningApp running = Materialization.prepare(file, profile()).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> stored(app) == total);
        }

        if (upsert) {
            assertThat(count(db, "SELECT count(*) FROM " + table)).isEqualTo(total / 2);
            List<Map<String, Object>> rows = rows(db, "SELECT id, score FROM " + table + " ORDER BY id");
            assertThat(rows).extracting(r -> r.get("score")).as("each id's last event (the later of its two)")
                    .containsExactlyElementsOf(IntStream.range(0, total / 2).mapToObj(i -> (double) (i + total / 2))
                            .toList());
        } else {
            assertThat(count(db, "SELECT count(*) FROM " + table)).isEqualTo(total);
            assertThat(rows(db, "SELECT id, count(*) AS n FROM " + table + " GROUP BY id HAVING count(*) <> 1"))
                    .as("no event written twice or lost").isEmpty();
            assertThat(count(db, "SELECT count(DISTINCT id) FROM " + table)).isEqualTo(total);
        }
    }

    /** Sets the group's committed offsets back to 0: only the stored offsets say where the app really is. */
    private void rewindGroup(String group, String topic) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.groupMembers(group) == 0);
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> start =
                new java.util.HashMap<>();
        kafka.endOffsets(topic).keySet().forEach(tp -> start.put(tp,
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, start).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
