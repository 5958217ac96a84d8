package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the fault run: a materialization into PostgreSQL in append mode, run as its own
 * JVM ({@link MaterializeProcess}) and killed with SIGKILL four times in the middle of the load, then
 * run to the end. Every event's row is in the table exactly once: what was committed before a kill has
 * its offsets with it, and what was not is written again after it.
 */
class MaterializeKillTest {

    private static final int EVENTS = 20_000;
    private static final int KILLS = 4;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension()
            .brokerProperty("group.min.session.timeout.ms", "500");

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    @Test
    void sigkilled_four_times_mid_load_every_event_is_in_the_table_exactly_once() throws Exception {
        String topic = KAFKA.uniqueTopic("killed");
        String table = Fixtures.unique("killed");
        String app = Fixtures.unique("killed").replace('_', '-');
        kafka.createTopic(topic, 3);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        IntStream.range(0, EVENTS).forEach(i -> events.add(event("k" + i, click(i, "c" + (i % 97), i))));
        kafka.produceKeyed(topic, events);
        Path schema = Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        Path file = Fixtures.write(dir, "killed.yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: " + schema
                + "\nbatch-size: 100\ntarget:\n  type: postgres\n  url: " + Fixtures.PG_URL + "\n  table: " + table
                + "\n  mode: append\n");

        try (Connection db = Fixtures.postgres()) {
            try {
                List<Long> killedAt = new ArrayList<>();
                for (int k = 0; k < KILLS; k++) {
                    long before = stored(db, app);
                    Process p = start(file, k);
                    try {
                        await().atMost(Duration.ofSeconds(60)).until(() -> stored(db, app) >= before + 1000
                                || !p.isAlive());
                        assertThat(p.isAlive()).as("process " + k + " is running (see its log in " + dir + ")").isTrue();
                    } finally {
                        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    }
                    killedAt.add(stored(db, app));
                }
                assertThat(killedAt.get(KILLS - 1)).as("killed in the middle of the load").isLessThan(EVENTS);

                Process last = start(file, KILLS);
                try {
                    await().atMost(Duration.ofSeconds(120)).until(() -> stored(db, app) == EVENTS || !last.isAlive());
                } finally {
                    last.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }

                assertThat(stored(db, app)).isEqualTo(EVENTS);
                assertThat(count(db, "SELECT count(*) FROM " + table)).as("rows").isEqualTo(EVENTS);
                assertThat(count(db, "SELECT count(DISTINCT id) FROM " + table)).as("distinct events").isEqualTo(EVENTS);
                assertThat(count(db, "SELECT count(*) FROM " + table + " WHERE client <> 'c' || (id % 97)"))
                        .as("each row is its own event's").isZero();
            } finally {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                    s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
                }
            }
        }
    }

    private Process start(Path file, int n) throws IOException {
        Path log = dir.resolve("process-" + n + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), MaterializeProcess.class.getName(),
                kafka.bootstrapServers(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long stored(Connection db, String app) throws SQLException {
        if (count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_offsets'") == 0) {
            return 0;
        }
        return count(db, "SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
    }
}
