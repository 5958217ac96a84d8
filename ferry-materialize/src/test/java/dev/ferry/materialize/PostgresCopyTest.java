package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static dev.ferry.materialize.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL's {@code write: copy} (the default) against {@code write: batch}: values that COPY's text
 * format (append) or an array literal (upsert: one statement of arrays) must escape, and the text
 * {@code NULL}, come back as they were sent, in both modes; tombstones in upsert mode, in one batch and
 * across batches; a wrong {@code write} is refused naming the key.
 */
class PostgresCopyTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCHEMA = """
            {"type": "object", "required": ["id"], "properties": {
              "id": {"type": "integer"}, "name": {"type": ["string", "null"]}, "n": {"type": ["integer", "null"]},
              "x": {"type": ["number", "null"]}, "ok": {"type": ["boolean", "null"]},
              "doc": {"type": "object", "properties": {"s": {"type": "string"}}}}}""";

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

    /** The hard values: every one a JSON event whose fields must come back exactly. */
    private static List<ObjectNode> hardValues() {
        List<ObjectNode> out = new ArrayList<>();
        String[] texts = {"tab\there", "new\nline and \r\n crlf", "back\\slash and \\N and \\t", "it's \"quoted\"",
            "emoji 😀🚀 é 中文 ß", "", ",;|\\\\.", "a\u0001b\u001fc", "\\", "\\N",
            "NULL", "null", "{a,\"b\"}", " spaced ", "}{,"};
        for (int i = 0; i < texts.length; i++) {
            ObjectNode e = JSON.createObjectNode();
            e.put("id", i);
            e.put("name", texts[i]);
            e.put("n", i % 2 == 0 ? Long.MAX_VALUE - i : Long.MIN_VALUE + i);
            e.put("x", new double[] {0.1, -0.0, 1e-300, 1.7976931348623157e308, -12345.678}[i % 5]);
            e.put("ok", i % 3 == 0);
            ObjectNode doc = e.putObject("doc");
            doc.put("s", texts[i]);
            doc.putArray("list").add(1).add("two\tthree").addNull().addObject().put("deep", "😀\\\n");
            out.add(e);
        }
        ObjectNode nulls = JSON.createObjectNode();
        nulls.put("id", 100);
        nulls.putNull("name");
        nulls.putNull("n");
        nulls.putNull("x");
        nulls.putNull("ok");
        out.add(nulls); // and "doc" missing: null too
        return out;
    }

    private Path yaml(String app, String topic, String table, String target) {
        Fixtures.write(dir, "hard.schema.json", SCHEMA);
        return Fixtures.write(dir, table + ".yaml", "materialize: " + app + "\ntopic: " + topic
                + "\nschema: hard.schema.json\nbatch-size: 4\ntarget:\n  type: postgres\n  url: " + Fixtures.PG_URL
                + "\n  table: " + table + "\n" + target);
    }

    private String table() {
        String t = Fixtures.unique("copy");
        tables.add(t);
        return t;
    }

    private String app() {
        String a = Fixtures.unique("c").replace('_', '-');
        apps.add(a);
        return a;
    }

    private long stored(String app) throws SQLException {
        if (count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_offsets'") == 0) {
            return 0;
        }
        return count(db, "SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
    }

    @ParameterizedTest(name = "write: {0}, mode: upsert and append")
    @ValueSource(strings = {"copy", "batch"})
    void every_column_type_and_every_hard_value_comes_back_as_it_was_sent(String write) throws Exception {
        List<ObjectNode> sent = hardValues();
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (ObjectNode e : sent) {
            events.add(event(e.get("id").asText(), e.toString()));
        }
        for (String mode : List.of("upsert", "append")) {
            String topic = KAFKA.uniqueTopic("hard");
            String table = table();
            String app = app();
            kafka.produceKeyed(topic, events);
            Path file = yaml(app, topic, table, "  key: id\n  mode: " + mode + "\n  write: " + write + "\n");
            try (RunningApp running = Materialization.prepare(file, kafka.profile()).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(app) == sent.size());
            }

            Map<Long, ObjectNode> back = read(table);
            assertThat(back.keySet()).as(mode + ": one row per event, none twice").hasSize(sent.size());
            for (ObjectNode e : sent) {
                ObjectNode expected = e.deepCopy();
                if (!expected.has("doc")) {
                    expected.putNull("doc");
                }
                assertThat(JSON.readTree(String.valueOf(back.get(e.get("id").asLong())))).as(mode + ", row " + e.get("id"))
                        .isEqualTo(JSON.readTree(expected.toString()));
            }
        }
    }

    /** The table's rows as JSON objects with the events' field names, by id; -0.0 and 0.0 told apart. */
    private Map<Long, ObjectNode> read(String table) throws Exception {
        Map<Long, ObjectNode> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, name, n, x, ok, doc::text FROM " + table + " ORDER BY id")) {
            while (r.next()) {
                ObjectNode o = JSON.createObjectNode();
                long id = r.getLong(1);
                o.put("id", id);
                o.put("name", r.getString(2));
                long n = r.getLong(3);
                if (r.wasNull()) {
                    o.putNull("n");
                } else {
                    o.put("n", n);
                }
                double x = r.getDouble(4);
                if (r.wasNull()) {
                    o.putNull("x");
                } else {
                    o.put("x", x);
                }
                boolean ok = r.getBoolean(5);
                if (r.wasNull()) {
                    o.putNull("ok");
                } else {
                    o.put("ok", ok);
                }
                String doc = r.getString(6);
                JsonNode d = doc == null ? JSON.nullNode() : JSON.readTree(doc);
                o.set("doc", d);
                assertThat(out.put(id, o)).as("id " + id + " once").isNull();
            }
        }
        return out;
    }

    @Test
    void upsert_through_copy_applies_tombstones_and_rewrites_in_one_batch_and_across_batches() throws Exception {
        String topic = KAFKA.uniqueTopic("copy-tomb");
        String table = table();
        String app = app();
        // batch-size 4: the first batch deletes alice after writing her, and writes carol after deleting her;
        // the second deletes bob (written in the first) and writes dave; the third deletes dave again
        kafka.produceKeyed(topic, List.of(event("alice", click(1, "alice", 1)), event("alice", null),
                event("carol", null), event("carol", click(2, "carol", 2)),
                event("bob", null), event("dave", click(3, "dave", 3)), event("erin", click(4, "erin", 4)),
                event("erin", click(5, "erin", 5)),
                event("dave", null), event("zed", null)));
        Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        Path file = Fixtures.write(dir, "tomb.yaml", "materialize: " + app + "\ntopic: " + topic
                + "\nschema: clicks.schema.json\nbatch-size: 4\ntarget:\n  type: postgres\n  url: " + Fixtures.PG_URL
                + "\n  table: " + table + "\n  key: event-key\n  mode: upsert\n  write: copy\n");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + table + " (event_key text PRIMARY KEY, id bigint, client text, "
                    + "score double precision, ok boolean, meta jsonb)");
            s.execute("INSERT INTO " + table + " (event_key, id) VALUES ('bob', 0), ('keep', -1)");
        }

        try (RunningApp running = Materialization.prepare(file, kafka.profile()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(app) == 10);
        }

        assertThat(rows(db, "SELECT event_key, id, coalesce(client, 'none') AS client FROM " + table + " ORDER BY event_key")).containsExactly(
                Map.of("event_key", "carol", "id", 2L, "client", "carol"),
                Map.of("event_key", "erin", "id", 5L, "client", "erin"),
                Map.of("event_key", "keep", "id", -1L, "client", "none"));
    }

    @Test
    void a_write_that_is_neither_copy_nor_batch_is_refused_naming_the_key() {
        Fixtures.write(dir, "hard.schema.json", SCHEMA);
        Path file = yaml("bad-write", "t", "bad_write", "  key: id\n  write: bulk\n");

        assertThatThrownBy(() -> Materialization.prepare(file, kafka.profile()))
                .hasMessageContaining("write").hasMessageContaining("'bulk' is not one of copy, batch");
    }
}
