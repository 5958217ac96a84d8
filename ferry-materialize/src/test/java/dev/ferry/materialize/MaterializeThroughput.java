package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test (its name matches none of the build's test patterns; it asserts nothing):
 * rows per second of a materialization of 100,000 events into PostgreSQL (append, upsert) and DuckDB,
 * from the start of the app to the last offset stored, next to a hand-written JDBC batch loop writing
 * the same rows (already in memory, no Kafka). Run it with
 * {@code mvn -pl ferry-materialize test -Dtest=MaterializeThroughput}.
 */
class MaterializeThroughput {

    private static final int EVENTS = 100_000;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    @Test
    void measure() throws Exception {
        String topic = KAFKA.uniqueTopic("bench");
        kafka.createTopic(topic, 3);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        IntStream.range(0, EVENTS).forEach(i -> events.add(event("k" + (i % 50_000), click(i % 50_000, "c" + i, i))));
        kafka.produceKeyed(topic, events);
        Path schema = Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        try (Connection db = Fixtures.postgres()) {
            System.out.printf("hand-written JDBC batch loop, PostgreSQL insert: %.0f rows/s%n", handWritten(db, events));
            for (String target : List.of("postgres append", "postgres upsert", "duckdb append")) {
                String table = Fixtures.unique("bench");
                String app = Fixtures.unique("bench").replace('_', '-');
                boolean pg = target.startsWith("postgres");
                Path db2 = dir.resolve(app + ".duckdb");
                Path file = Fixtures.write(dir, app + ".yaml", "materialize: " + app + "\ntopic: " + topic
                        + "\nschema: " + schema + "\ntarget:\n  type: " + (pg ? "postgres\n  url: " + Fixtures.PG_URL
                        : "duckdb\n  url: jdbc:duckdb:" + db2) + "\n  table: " + table + "\n"
                        + (target.endsWith("upsert") ? "  key: id\n" : "  mode: append\n"));
                long start = System.nanoTime();
                try (RunningApp running = Materialization.prepare(file, kafka.profile()).start()) {
                    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                            kafka.committedOffsets(app).values().stream().mapToLong(Long::longValue).sum() == EVENTS);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("ferry materialize, %s: %d events in %.1f s (with start-up), %.0f rows/s%n", target,
                        EVENTS, seconds, EVENTS / seconds);
                if (pg) {
                    try (Statement s = db.createStatement()) {
                        s.execute("DROP TABLE " + table);
                        s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
                    }
                }
            }
        }
    }

    /** The same 100,000 rows, parsed from the same JSON, with a plain JDBC batch loop (500 per commit). */
    private static double handWritten(Connection unused, List<Map.Entry<String, String>> events) throws Exception {
        String table = Fixtures.unique("hand");
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("reWriteBatchedInserts", "true");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection c = DriverManager.getConnection(Fixtures.PG_URL, p)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id bigint, client text, score double precision, ok boolean, "
                        + "meta jsonb)");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, CAST(? AS jsonb))")) {
                int n = 0;
                for (Map.Entry<String, String> e : events) {
                    com.fasterxml.jackson.databind.JsonNode v = json.readTree(e.getValue());
                    s.setLong(1, v.get("id").asLong());
                    s.setString(2, v.get("client").asText());
                    s.setDouble(3, v.get("score").asDouble());
                    s.setBoolean(4, v.get("ok").asBoolean());
                    s.setString(5, v.get("meta").toString());
                    s.addBatch();
                    if (++n % 500 == 0) {
                        s.executeBatch();
                        c.commit();
                    }
                }
                s.executeBatch();
                c.commit();
            }
            double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
            c.commit();
            return rate;
        }
    }
}
