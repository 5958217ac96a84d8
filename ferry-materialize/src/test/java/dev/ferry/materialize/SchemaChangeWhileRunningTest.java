package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema file changed while the materialization runs, into PostgreSQL and into DuckDB: a new optional
 * field becomes a column without a restart, every event's row there exactly once; a field whose type
 * changed makes the app not ready with a reason naming the column, writes nothing more and loses nothing,
 * and once the column is altered to fit, every event's row is written.
 */
class SchemaChangeWhileRunningTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();
    private String table;
    private String app;
    private String url;

    @AfterEach
    void dropTable() throws SQLException {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
            }
        }
    }

    private Path setUp(String target, String topic, String schema) {
        table = Fixtures.unique("evolving");
        app = Fixtures.unique("evolving").replace('_', '-');
        url = target.equals("postgres") ? Fixtures.PG_URL : "jdbc:duckdb:" + dir.resolve("evolving.duckdb");
        kafka.createTopic(topic, 1);
        Fixtures.write(dir, "clicks.schema.json", schema);
        return Fixtures.write(dir, "evolving.yaml", "materialize: " + app + "\ntopic: " + topic
                + "\nschema: clicks.schema.json\nbatch-size: 5\ntarget:\n  type: " + target + "\n  url: " + url
                + "\n  table: " + table + "\n  key: id\n");
    }

    private Connection connect() throws SQLException {
        return url.startsWith("jdbc:postgresql:") ? DriverManager.getConnection(url, "postgres", null)
                : DriverManager.getConnection(url);
    }

    private long query(String sql) throws SQLException {
        try (Connection c = connect()) {
            return Fixtures.count(c, sql);
        }
    }

    private long stored() throws SQLException {
        if (query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_offsets'") == 0) {
            return 0; // not made yet
        }
        return query("SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
    }

    private Map<String, String> columns() throws SQLException {
        try (Connection c = connect()) {
            return Fixtures.columnTypes(c, table);
        }
    }

    /** A click whose score is {@code score}'s JSON. */
    private static String click(int id, String score) {
        return "{\"id\": " + id + ", \"client\": \"c" + id + "\", \"score\": " + score + ", \"ok\": " + (id % 2 == 0) + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "duckdb"})
    void a_new_optional_field_becomes_a_column_while_it_runs_and_every_row_is_there_once(String target)
            throws Exception {
        String topic = KAFKA.uniqueTopic("newfield");
        String v1 = Fixtures.CLICKS_SCHEMA.replace("\"ok\": {\"type\": \"boolean\"},", "");
        Path file = setUp(target, topic, v1);
        kafka.produceKeyed(topic, List.of(event("1", click(1, "1.5")), event("2", click(2, "2.5"))));
        try (RunningApp running = Materialization.prepare(MaterializeSpec.load(file), kafka.profile(),
                dir.resolve(".ferry")).start()) {
            await().atMost(PATIENCE).until(() -> stored() == 2);
            assertThat(columns()).doesNotContainKey("ok");

            Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA); // "ok", a new optional field
            int[] next = {3};
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                kafka.produceKeyed(topic, List.of(event(Integer.toString(next[0]), click(next[0], "0.5"))));
                next[0]++;
                return columns().containsKey("ok") && query("SELECT count(*) FROM " + table + " WHERE ok IS NOT NULL") > 0;
            });
            int produced = next[0] - 1;
            await().atMost(PATIENCE).until(() -> stored() == produced);

            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(running.status().ready()).isTrue();
            assertThat(query("SELECT count(*) FROM " + table)).isEqualTo(produced);
            assertThat(query("SELECT count(DISTINCT id) FROM " + table)).isEqualTo(produced);
            long first = query("SELECT min(id) FROM " + table + " WHERE ok IS NOT NULL");
            assertThat(query("SELECT count(*) FROM " + table + " WHERE id < " + first + " AND ok IS NOT NULL")).isZero();
            assertThat(query("SELECT count(*) FROM " + table + " WHERE id >= " + first + " AND ok IS NULL"))
                    .as("every row mapped since the change has its value").isZero();
            assertThat(query("SELECT count(*) FROM " + table + " WHERE id >= " + first + " AND ok = (id % 2 = 0)"))
                    .isEqualTo(produced - first + 1);
            assertThat(query("SELECT count(*) FROM " + table + " WHERE id <= 2")).as("rows from before the change")
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "duckdb"})
    void a_type_change_while_it_runs_makes_it_not_ready_naming_the_column_and_loses_no_row(String target)
            throws Exception {
        String topic = KAFKA.uniqueTopic("newtype");
        Path file = setUp(target, topic, Fixtures.CLICKS_SCHEMA);
        kafka.produceKeyed(topic, List.of(event("1", click(1, "1.5")), event("2", click(2, "2.5"))));
        try (RunningApp running = Materialization.prepare(MaterializeSpec.load(file), kafka.profile(),
                dir.resolve(".ferry")).start()) {
            await().atMost(PATIENCE).until(() -> stored() == 2);

            // score: a number, now a string; a null score fits both, so no event fails while the change is taken up
            Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA.replace(
                    "\"score\": {\"type\": [\"number\", \"null\"]}", "\"score\": {\"type\": [\"string\", \"null\"]}"));
            int[] next = {3};
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!running.status().ready()) {
                    return true;
                }
                kafka.produceKeyed(topic, List.of(event(Integer.toString(next[0]), click(next[0], "null"))));
                next[0]++;
                return false;
            });
            AppStatus away = running.status();
            String column = target.equals("postgres") ? "double precision" : "double";
            assertThat(away.notReadyReason()).startsWith("app '" + app + "' cannot write to its store: "
                    + "could not write").contains("column 'score' of table '" + table + "' is " + column
                    + ", but field 'score' is a string");
            assertThat(away.state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(away.failure()).as("no event failed: the write waits").isEmpty();
            long before = stored();
            kafka.produceKeyed(topic, List.of(event(Integer.toString(next[0]), click(next[0], "\"high\""))));
            int produced = next[0];
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> stored() == before
                    && !running.status().ready());

            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN score TYPE " + (target.equals("postgres") ? "text"
                        : "VARCHAR"));
            }
            await().atMost(PATIENCE).until(() -> stored() == produced);
            await().atMost(PATIENCE).until(() -> running.status().ready());
            assertThat(running.status().failure()).isEmpty();
            assertThat(query("SELECT count(*) FROM " + table)).isEqualTo(produced);
            assertThat(query("SELECT count(DISTINCT id) FROM " + table)).isEqualTo(produced);
            assertThat(query("SELECT count(*) FROM " + table + " WHERE id = " + produced + " AND score = 'high'"))
                    .isEqualTo(1);
        }
    }
}
