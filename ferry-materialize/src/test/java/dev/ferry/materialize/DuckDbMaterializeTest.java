package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.columnTypes;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static dev.ferry.materialize.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Materializing into an embedded DuckDB file (in a temporary directory) from a real embedded broker:
 * the same table semantics as PostgreSQL, and the file the target picks when the YAML names none.
 * DuckDB lets one process at a time open a file, so each test reads it once the app has stopped.
 */
class DuckDbMaterializeTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    private Path yaml(String app, String topic, String target) {
        Path schema = Fixtures.write(dir, app + ".schema.json", Fixtures.CLICKS_SCHEMA);
        return Fixtures.write(dir, app + ".yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: "
                + schema.getFileName() + "\nbatch-size: 50\ntarget:\n  type: duckdb\n" + target);
    }

    private Materialization prepare(Path file) {
        return Materialization.prepare(MaterializeSpec.load(file), kafka.profile(), dir.resolve(".ferry"));
    }

    private long committed(String app) {
        return kafka.committedOffsets(app).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file);
    }

    @Test
    void with_no_url_the_rows_go_to_a_file_named_for_the_app_with_the_mapped_types_upserted_and_deleted()
            throws Exception {
        String topic = KAFKA.uniqueTopic("clicks");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("alice", click(1, "alice", 0.5)), event("bob", click(2, "bob", 1.5)),
                event("alice", click(3, "alice", 2.5)), event("bob", null), event("carol", click(4, "carol", 4))));
        Materialization m = prepare(yaml("duck-default", topic, "  key: client\n  table: clicks\n"));
        assertThat(m.destination()).isEqualTo("clicks");

        try (RunningApp running = m.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("duck-default") == 5);
        }

        Path file = dir.resolve(".ferry").resolve("duck-default.duckdb");
        assertThat(file).exists();
        try (Connection c = open(file)) {
            assertThat(columnTypes(c, "clicks")).containsExactly(Map.entry("client", "varchar"),
                    Map.entry("id", "bigint"), Map.entry("score", "double"), Map.entry("ok", "boolean"),
                    Map.entry("meta", "json"));
            assertThat(rows(c, "SELECT client, id, score, ok, meta->>'source' AS source FROM clicks ORDER BY client"))
                    .as("alice upserted, bob deleted by his tombstone").containsExactly(
                            Map.of("client", "alice", "id", 3L, "score", 2.5, "ok", false, "source", "web"),
                            Map.of("client", "carol", "id", 4L, "score", 4.0, "ok", true, "source", "web"));
            assertThat(count(c, "SELECT next_offset FROM ferry_offsets WHERE app = 'duck-default'"))
                    .as("the offsets are in the same file").isEqualTo(5);
        }
    }

    @Test
    void flattened_nested_fields_are_columns_of_their_own() throws Exception {
        String topic = KAFKA.uniqueTopic("flat");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("a", click(7, "alice", 1))));
        Path db = dir.resolve("flat.duckdb");

        try (RunningApp running = prepare(yaml("duck-flat", topic, "  url: jdbc:duckdb:" + db + "\n  nested: flatten\n"))
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("duck-flat") == 1);
        }

        try (Connection c = open(db)) {
            String table = topic.toLowerCase().replaceAll("[^a-z0-9_]", "_");
            assertThat(columnTypes(c, table)).containsExactly(Map.entry("id", "bigint"), Map.entry("client", "varchar"),
                    Map.entry("score", "double"), Map.entry("ok", "boolean"), Map.entry("meta_source", "varchar"),
                    Map.entry("meta_n", "bigint"));
            assertThat(rows(c, "SELECT meta_source, meta_n FROM " + table))
                    .containsExactly(Map.of("meta_source", "web", "meta_n", 7L));
        }
    }

    @Test
    void append_mode_writes_every_event_exactly_once_across_a_stop_in_the_middle_of_the_load() throws Exception {
        String topic = KAFKA.uniqueTopic("eos");
        int total = 20_000; // enough that the stop below, once 200 are stored, is in the middle of the load
        kafka.createTopic(topic, 2);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        IntStream.range(0, total).forEach(i -> events.add(event("k" + i, click(i, "c" + i, i))));
        kafka.produceKeyed(topic, events);
        Path db = dir.resolve("eos.duckdb");
        Path file = yaml("duck-eos", topic, "  url: jdbc:duckdb:" + db + "\n  table: clicks\n  mode: append\n");

        try (RunningApp running = prepare(file).start()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> committed("duck-eos") >= 200);
        }
        long rowsAfterFirst;
        try (Connection c = open(db)) {
            rowsAfterFirst = count(c, "SELECT count(*) FROM clicks");
            assertThat(rowsAfterFirst).as("stopped in the middle of the load").isLessThan(total);
            assertThat(count(c, "SELECT sum(next_offset) FROM ferry_offsets WHERE app = 'duck-eos'"))
                    .as("rows and offsets committed together").isEqualTo(rowsAfterFirst);
        }

        try (RunningApp running = prepare(file).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> committed("duck-eos") == total);
        }

        try (Connection c = open(db)) {
            assertThat(count(c, "SELECT count(*) FROM clicks")).isEqualTo(total);
            assertThat(count(c, "SELECT count(DISTINCT id) FROM clicks")).as("no event written twice or lost")
                    .isEqualTo(total);
        }
        assertThat(kafka.committedOffsets("duck-eos")).isEqualTo(kafka.endOffsets(topic));
    }

    @Test
    void upserts_go_on_after_a_restart_into_the_table_made_before_and_a_table_without_a_key_is_refused()
            throws Exception {
        String topic = KAFKA.uniqueTopic("restart");
        kafka.createTopic(topic, 1);
        Path db = dir.resolve("restart.duckdb");
        Path file = yaml("duck-restart", topic, "  url: jdbc:duckdb:" + db + "\n  table: clicks\n  key: client\n");
        kafka.produceKeyed(topic, List.of(event("a", click(1, "alice", 1)), event("b", click(2, "bob", 2))));
        try (RunningApp running = prepare(file).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("duck-restart") == 2);
        }
        kafka.produceKeyed(topic, List.of(event("a", click(3, "alice", 3))));
        try (RunningApp running = prepare(file).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("duck-restart") == 3);
            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        try (Connection c = open(db); Statement s = c.createStatement()) {
            assertThat(rows(c, "SELECT client, id FROM clicks ORDER BY client"))
                    .containsExactly(Map.of("client", "alice", "id", 3L), Map.of("client", "bob", "id", 2L));
            s.execute("CREATE TABLE keyless (client VARCHAR, id BIGINT)");
        }

        Path keyless = yaml("duck-keyless", topic, "  url: jdbc:duckdb:" + db + "\n  table: keyless\n  key: client\n");
        try (RunningApp running = prepare(keyless).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message()).contains("table 'keyless' has no primary "
                    + "key or unique constraint on key column 'client', which upsert needs");
        }
    }

    @Test
    void a_column_of_an_incompatible_type_halts_the_app_naming_the_column() throws Exception {
        String topic = KAFKA.uniqueTopic("incompatible");
        kafka.createTopic(topic, 1);
        kafka.produceKeyed(topic, List.of(event("a", click(1, "alice", 1))));
        Path db = dir.resolve("incompatible.duckdb");
        try (Connection c = open(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE clicks (id BIGINT, client VARCHAR, ok VARCHAR)");
        }

        try (RunningApp running = prepare(yaml("duck-incompatible", topic, "  url: jdbc:duckdb:" + db
                + "\n  table: clicks\n")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.status().state() == AppStatus.State.HALTED);
            assertThat(running.status().failure().orElseThrow().message()).contains("column 'ok' of table 'clicks' is "
                    + "varchar, but field 'ok' is a boolean (BOOLEAN) in the schema");
        }
        assertThat(Files.exists(db)).isTrue();
        try (Connection c = open(db)) {
            assertThat(count(c, "SELECT count(*) FROM clicks")).isZero();
        }
        assertThat(kafka.committedOffsets("duck-incompatible")).doesNotContainKey(new TopicPartition(topic, 0));
    }
}
