package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@link MaterializeFaultRun} in the suite: 20,000 events fed during the run, four
 * SIGKILLs of the materializer JVM and one restart of a private PostgreSQL (never the shared one) in the
 * middle of the load, in append mode (every event's row exactly once) and upsert mode (the table equals a
 * replay of the topic, tombstones included).
 */
class MaterializeFaultRunTest {

    private static final long SEED = 13;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension()
            .brokerProperty("group.min.session.timeout.ms", "500");

    private static PrivatePostgres pg;

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    @BeforeAll
    static void startPostgres() {
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void append_mode_every_event_row_is_there_exactly_once_after_kills_and_a_database_restart() throws Exception {
        MaterializeFaultRun.Result r = run().run("append", kafka::createTopic);
        assertThat(r.problems()).as(r.toString()).isEmpty();
        assertThat(r.rows()).isEqualTo(20_000);
        assertThat(r.kills()).isEqualTo(4);
        assertThat(r.restarts()).isEqualTo(1);
    }

    @Test
    void upsert_mode_the_table_equals_a_replay_of_the_topic_after_kills_and_a_database_restart() throws Exception {
        MaterializeFaultRun.Result r = run().run("upsert", kafka::createTopic);
        assertThat(r.problems()).as(r.toString()).isEmpty();
        // 4,001 keys, some of which end on a tombstone: fewer rows than keys, and not none
        assertThat(r.rows()).isPositive().isLessThan(4_001);
        assertThat(r.kills()).isEqualTo(4);
        assertThat(r.restarts()).isEqualTo(1);
    }

    private MaterializeFaultRun run() {
        return new MaterializeFaultRun(kafka.bootstrapServers(), pg,
                new MaterializeFaultRun.Options(20_000, 4, 1, 1, 5_000, SEED, dir));
    }
}
