package dev.ferry.materialize;

import static dev.ferry.materialize.Fixtures.click;
import static dev.ferry.materialize.Fixtures.count;
import static dev.ferry.materialize.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL that goes away (every connection cut, nothing answering, as while it restarts) does
 * not halt the materialization nor send any event to the poison policy: the sink retries with backoff
 * and, once the database answers again, every event is written exactly once. The outage is a
 * {@link TcpProxy} in front of the shared server, taken down and brought up again. Meanwhile the app
 * says it is not ready, and why; it is ready again once the database answers.
 */
class StoreOutageTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    @Test
    void a_database_outage_is_waited_out_and_no_event_is_lost_written_twice_or_dead_lettered() throws Exception {
        String topic = KAFKA.uniqueTopic("outage");
        String table = Fixtures.unique("outage");
        String app = Fixtures.unique("outage").replace('_', '-');
        kafka.createTopic(topic, 1);
        kafka.createTopic(kafka.profile().deadLetterTopic(app), 1);
        Path schema = Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        try (Connection db = Fixtures.postgres(); TcpProxy proxy = new TcpProxy(5432)) {
            Path file = Fixtures.write(dir, "outage.yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: "
                    + schema + "\nbatch-size: 20\ntarget:\n  type: postgres\n  url: jdbc:postgresql://127.0.0.1:"
                    + proxy.port() + "/test\n  table: " + table + "\n  mode: append\n");
            try {
                kafka.produceKeyed(topic, IntStream.range(0, 100).mapToObj(i -> event("k" + i, click(i, "c", i))).toList());
                try (RunningApp running = Materialization.prepare(file, kafka.profile().toBuilder()
                        .set("poison-policy", "dead-letter").build()).start()) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> stored(db, app) == 100);
                    assertThat(running.status().ready()).as("ready before the outage").isTrue();
                    assertThat(running.status().store()).isEmpty();

                    proxy.down();
                    kafka.produceKeyed(topic, IntStream.range(100, 200).mapToObj(i -> event("k" + i, click(i, "c", i)))
                            .toList());
                    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                            running.status().state() != AppStatus.State.HALTED && stored(db, app) == 100);
                    assertThat(running.status().failure()).as("no event is failing: the sink waits").isEmpty();
                    // the first write fails once the pool gives up on a connection (its 5 s connection timeout)
                    await().atMost(Duration.ofSeconds(30)).until(() -> !running.status().ready());
                    AppStatus away = running.status();
                    assertThat(away.store()).as("not ready because the store is away").isPresent();
                    assertThat(away.notReadyReason()).startsWith("app '" + app + "' cannot write to its store: could not "
                            + "write").contains("(since " + away.store().get().since() + ", ");
                    assertThat(away.health()).as("the lag verdict is its own").isNotEqualTo(AppStatus.Health.HALTED);

                    proxy.up();
                    await().atMost(Duration.ofSeconds(60)).until(() -> stored(db, app) == 200);
                    assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
                    assertThat(running.status().failure()).isEmpty();
                    await().atMost(Duration.ofSeconds(10)).until(() -> running.status().ready());
                    assertThat(running.status().store()).isEmpty();
                    assertThat(running.status().notReadyReason()).isEmpty();
                }
                assertThat(count(db, "SELECT count(*) FROM " + table)).isEqualTo(200);
                assertThat(count(db, "SELECT count(DISTINCT id) FROM " + table)).isEqualTo(200);
                assertThat(kafka.endOffsetTotal(kafka.profile().deadLetterTopic(app))).as("nothing dead-lettered")
                        .isZero();
            } finally {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                    s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
                }
            }
        }
    }

    private static long stored(Connection db, String app) throws SQLException {
        return count(db, "SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
    }
}
