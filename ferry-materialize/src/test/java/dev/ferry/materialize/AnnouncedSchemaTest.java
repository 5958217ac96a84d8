package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.columnTypes;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static dev.ferry.materialize.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no schema file, the schema is the one the app writing the topic announces on the profile's
 * {@code announce.topic}: a real Ferry app declares the topic as its output, and the materialization
 * of that topic makes its table from the announced schema. The materialization is an app too, and
 * announces itself with its target.
 */
class AnnouncedSchemaTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    /** What the upstream app writes. */
    public record Scored(String user, long clicks, double score, boolean active) { }

    /** The upstream app's function: passes each event on. */
    public static final class Upstream {
        private Upstream() {
        }

        public static List<Scored> score(List<Scored> in) {
            return in;
        }
    }

    @Test
    void the_table_is_made_from_the_schema_the_writing_app_announces() throws Exception {
        String in = KAFKA.uniqueTopic("raw");
        String scored = KAFKA.uniqueTopic("scored");
        String table = Fixtures.unique("scored");
        String app = Fixtures.unique("announced").replace('_', '-');
        String announce = KAFKA.uniqueTopic("apps");
        kafka.createTopic(in, 1);
        kafka.createTopic(scored, 1);
        kafka.createTopic(announce, 1);
        PlatformProfile profile = kafka.profile().toBuilder().set("announce.topic", announce).build();
        AppDescriptor upstream = AppDescriptor.builder(Fixtures.unique("upstream").replace('_', '-')).topics(in)
                .start(Start.BEGINNING).output(OutputDescriptor.ofType(scored, Scored.class))
                .function(FunctionRef.java(Upstream.class.getName(), "score"))
                .classLoader(AnnouncedSchemaTest.class.getClassLoader()).build();
        kafka.produceKeyed(in, List.of(event("u1", "{\"user\": \"u1\", \"clicks\": 3, \"score\": 0.5, \"active\": true}"),
                event("u2", "{\"user\": \"u2\", \"clicks\": 9, \"score\": 0.9, \"active\": false}")));
        Path file = Fixtures.write(dir, "scored.yaml", "materialize: " + app + "\ntopic: " + scored + "\ntarget:\n"
                + "  type: postgres\n  url: " + Fixtures.PG_URL + "\n  table: " + table + "\n  key: user\n");

        try (Connection db = Fixtures.postgres()) {
            try (RunningApp up = FerryEngine.start(upstream, profile)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal(scored) == 2);
                Materialization m = Materialization.prepare(file, profile);
                assertThat(m.schema().source()).startsWith("the announcement of app '" + upstream.name() + "'");
                try (RunningApp running = m.start()) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT coalesce(sum(next_offset), 0) "
                            + "FROM ferry_offsets WHERE app = '" + app + "'") == 2);
                    await().atMost(Duration.ofSeconds(10)).until(() -> kafka.readAllValues(announce, Duration.ofSeconds(1))
                            .stream().anyMatch(a -> a.contains("\"app\":\"" + app + "\"")
                                    && a.contains("\"topic\":\"postgres." + table + "\"")));
                }
            }
            try {
                assertThat(columnTypes(db, table)).as("the key first, then the announced schema's fields")
                        .containsOnly(Map.entry("user", "text"), Map.entry("clicks", "bigint"),
                                Map.entry("score", "double precision"), Map.entry("active", "boolean"))
                        .extractingFromEntries(Map.Entry::getKey).first().isEqualTo("user");
                assertThat(rows(db, "SELECT \"user\", clicks FROM " + table + " ORDER BY \"user\""))
                        .containsExactly(Map.of("user", "u1", "clicks", 3L), Map.of("user", "u2", "clicks", 9L));
            } finally {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                    s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
                }
            }
        }
    }
}
