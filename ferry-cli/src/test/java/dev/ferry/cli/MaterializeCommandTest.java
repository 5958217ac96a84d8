package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry materialize FILE} against a real broker, into a DuckDB file. */
class MaterializeCommandTest {

    private static final String NL = System.lineSeparator();

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void materialize_writes_a_topic_into_a_duckdb_table_until_max_events() throws Exception {
        String topic = kafka.uniqueTopic("signups");
        kafka.createTopic(topic, 1);
        write("signups.schema.json", """
                {"type": "object", "properties": {"client": {"type": "integer"}, "email": {"type": "string"}}}
                """);
        write("signups.yaml", """
                materialize: signups-to-duckdb
                topic: %s
                schema: signups.schema.json
                target:
                  type: duckdb
                  table: signups
                  key: client
                """.formatted(topic));
        write("events.jsonl", "{\"client\": 1, \"email\": \"a@b.c\"}\n{\"client\": 2, \"email\": \"d@e.f\"}\n"
                + "{\"client\": 1, \"email\": \"new@b.c\"}\n");
        Cli cli = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        assertThat(cli.run("produce", topic, "--file", "events.jsonl").exitCode()).isZero();

        Cli.Result r = cli.run("materialize", "signups.yaml", "--max-events", "3");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("app 'signups-to-duckdb' materializing topic " + topic + " -> duckdb 'signups' (2 "
                        + "columns, schema from schema file " + dir.resolve("signups.schema.json") + ") until 3 events "
                        + "are materialized" + NL)
                .endsWith("app 'signups-to-duckdb' materialized 3 events; stopping" + NL);
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(".ferry/signups-to-duckdb.duckdb"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT client, email FROM signups "
                     + "ORDER BY client")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        assertThat(rows).as("client 1 upserted").containsExactly("1 new@b.c", "2 d@e.f");
    }

    @Test
    void a_bad_file_is_one_line_naming_the_file_and_the_key() throws Exception {
        write("bad.yaml", "topic: clicks\ntarget:\n  table: clicks\n");

        Cli.Result r = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))
                .run("materialize", "bad.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: materialize file " + dir.resolve("bad.yaml") + ": target.type: missing: "
                + "choose a target, such as postgres or duckdb" + NL);
    }
}
