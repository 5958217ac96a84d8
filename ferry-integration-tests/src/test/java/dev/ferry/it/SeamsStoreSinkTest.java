package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.InputEvent;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.RunningApp;
import dev.ferry.it.plugins.PgStoreSink;
import dev.ferry.it.plugins.PgStoreSinkProvider;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sink plug-in that owns the input offsets ({@link PgStoreSinkProvider}, {@code write-back: pg-store},
 * listed in {@code META-INF/services/dev.ferry.engine.spi.SinkProvider}) gives exactly-once into the real
 * PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user {@code postgres}): outputs and offsets in
 * one JDBC transaction per batch, the consumer resuming from the stored offsets. Each test has tables of
 * its own, dropped after it.
 */
class SeamsStoreSinkTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    /** The apps' function: echoes each event, naming the input it came from in the header pg-store reads. */
    public static final class Stored {
        private Stored() {
        }

        public static List<OutputEvent<Echo>> echo(List<InputEvent<Echo>> events) {
            return events.stream().map(e -> OutputEvent.of(e.value()).withKey(e.key()).withHeader(PgStoreSink.SOURCE_HEADER,
                    e.topic() + ":" + e.partition() + ":" + e.offset())).toList();
        }
    }

    private final TestKafka kafka = KAFKA.client();
    private String table;
    private Connection db;

    @BeforeEach
    void connect() {
        table = "ferry_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            db = PgStoreSinkProvider.connect(PgStoreSinkProvider.DEFAULT_URL, "postgres", null, "ferry-it-" + table);
        } catch (SQLException e) {
            throw new IllegalStateException("these tests need PostgreSQL at " + PgStoreSinkProvider.DEFAULT_URL
                    + " (user postgres, trust auth), which .ci/run starts: " + e.getMessage(), e);
        }
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = db; Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
        }
    }

    /** An app reading {@code in} (its outputs declared on {@code out}) with the test function. */
    private AppDescriptor app(String name, String in, String out) {
        return AppDescriptor.builder(name).topics(in).start(Start.BEGINNING).batchSize(10)
                .output(OutputDescriptor.ofType(out, Echo.class))
                .function(FunctionRef.java(Stored.class.getName(), "echo"))
                .classLoader(SeamsStoreSinkTest.class.getClassLoader()).build();
    }

    private PlatformProfile profile(String guarantee) {
        return kafka.profile().toBuilder().set("write-back", PgStoreSinkProvider.NAME).set("guarantee", guarantee)
                .set("plugins.pg-store.table", table).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exactly-once", "at-least-once"})
    void a_store_sink_writes_every_input_once_and_the_consumer_resumes_from_its_offsets_not_the_groups(String guarantee)
            throws Exception {
        String name = "stored-" + guarantee;
        String in = KAFKA.uniqueTopic("stored.in");
        String out = KAFKA.uniqueTopic("stored.out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 1);
        kafka.produceKeyed(in, keyed(0, 20));

        try (RunningApp app = FerryEngine.start(app(name, in, out), profile(guarantee))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sum(storedOffsets(name)) == 20);
        }
        assertThat(storedOffsets(name)).isEqualTo(kafka.endOffsets(in));
        assertThat(countsBySource()).hasSize(20).allSatisfy((source, count) -> assertThat(count).as(source).isEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafka.committedOffsets(name)).as("committed to the group too, so that lag shows")
                        .isEqualTo(kafka.endOffsets(in)));

        // Rewind the group to the start: only the stored offsets say where the app really is.
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.groupMembers(name) == 0);
        rewindGroup(name, in);
        assertThat(kafka.committedOffsets(name).values()).containsOnly(0L);
        kafka.produceKeyed(in, keyed(20, 30));

        try (RunningApp app = FerryEngine.start(app(name, in, out), profile(guarantee))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sum(storedOffsets(name)) == 30);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kafka.committedOffsets(name))
                    .as("the group's offsets advanced from the rewind to the end").isEqualTo(kafka.endOffsets(in)));
        }
        assertThat(countsBySource()).as("no input stored twice: the consumer did not resume from the group's offset 0")
                .hasSize(30).allSatisfy((source, count) -> assertThat(count).as(source).isEqualTo(1));
        assertThat(values()).containsExactlyInAnyOrderElementsOf(compactIds(0, 30));
        assertThat(kafka.endOffsetTotal(out)).as("the outputs went to the database, not to Kafka").isZero();
        awaitNoConnections();
    }

    @Test
    void a_write_the_database_refuses_for_good_halts_at_its_event_and_nothing_past_it_is_stored() throws Exception {
        String name = "stored-refused";
        String in = KAFKA.uniqueTopic("refused.in");
        String out = KAFKA.uniqueTopic("refused.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        kafka.produceKeyed(in, keyed(0, 30));
        PgStoreSink.createTables(db, table);
        try (Statement s = db.createStatement()) {
            s.execute("ALTER TABLE " + table + " ADD CONSTRAINT refuses_13 CHECK (source_offset <> 13)");
        }

        try (RunningApp app = FerryEngine.start(app(name, in, out), profile("exactly-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition(in, 0, 13));
            assertThat(failure.attempts()).as("retry.max-attempts of the test profile").isEqualTo(3);
            assertThat(failure.message()).contains("pg-store could not write 1 output(s)")
                    .contains("violates check constraint \"refuses_13\"");
        }
        assertThat(countsBySource()).as("every event before it once, nothing past it")
                .isEqualTo(IntStream.range(0, 13).boxed().collect(Collectors.toMap(i -> in + ":0:" + i, i -> 1L)));
        assertThat(storedOffsets(name)).isEqualTo(Map.of(new TopicPartition(in, 0), 13L));
        assertThat(kafka.committedOffsets(name)).isEqualTo(Map.of(new TopicPartition(in, 0), 13L));

        // Fix the database and restart: it resumes at that event.
        try (Statement s = db.createStatement()) {
            s.execute("ALTER TABLE " + table + " DROP CONSTRAINT refuses_13");
        }
        try (RunningApp app = FerryEngine.start(app(name, in, out), profile("exactly-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sum(storedOffsets(name)) == 30);
        }
        assertThat(countsBySource()).hasSize(30).allSatisfy((source, count) -> assertThat(count).as(source).isEqualTo(1));
        assertThat(values()).containsExactlyElementsOf(compactIds(0, 30));
    }

    @Test
    void a_store_sink_with_concurrency_4_is_refused_at_start() {
        String in = KAFKA.uniqueTopic("concurrent.in");
        String out = KAFKA.uniqueTopic("concurrent.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        PlatformProfile profile = profile("at-least-once").toBuilder().set("concurrency", "4").build();

        assertThatThrownBy(() -> FerryEngine.start(app("stored-concurrent", in, out), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("app 'stored-concurrent': concurrency 4 (from code) cannot be combined with write-back "
                        + "'pg-store' (from code), which commits each batch's offsets with its outputs; use concurrency 1");
        awaitNoConnections();
    }

    @Test
    void a_store_sink_with_the_at_most_once_guarantee_is_refused_at_start() {
        String in = KAFKA.uniqueTopic("amo.in");
        String out = KAFKA.uniqueTopic("amo.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);

        assertThatThrownBy(() -> FerryEngine.start(app("stored-amo", in, out), profile("at-most-once")))
                .isInstanceOf(ProfileException.class)
                .hasMessage("app 'stored-amo': the at-most-once guarantee (from code) commits offsets before the "
                        + "function runs, but write-back 'pg-store' (from code) commits them with its outputs; choose "
                        + "at-least-once or exactly-once");
        awaitNoConnections();
    }

    @Test
    void an_app_whose_outputs_go_to_a_database_needs_no_kafka_output_topic() throws Exception {
        String name = "stored-no-topic";
        String in = KAFKA.uniqueTopic("no-topic.in");
        kafka.createTopic(in, 1);
        kafka.produceKeyed(in, keyed(0, 5));

        try (RunningApp app = FerryEngine.start(app(name, in, "orders_table"), profile("exactly-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sum(storedOffsets(name)) == 5);
        }
        assertThat(countsBySource()).hasSize(5);
    }

    @Test
    void exactly_once_into_a_store_needs_no_kafka_transactions() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("transaction.state.log.replication.factor", "3")
                .brokerProperty("transaction.state.log.min.isr", "2")
                .start()) {
            TestKafka other = new TestKafka(broker.bootstrapServers());
            broker.createTopic("no-tx.in", 1);
            broker.createTopic("no-tx.out", 1);
            other.produceKeyed("no-tx.in", keyed(0, 5));
            PlatformProfile profile = other.profile().toBuilder().set("write-back", PgStoreSinkProvider.NAME)
                    .set("guarantee", "exactly-once").set("startup-timeout", "3s")
                    .set("plugins.pg-store.table", table).build();

            try (RunningApp app = FerryEngine.start(app("stored-no-tx", "no-tx.in", "no-tx.out"), profile)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sum(storedOffsets("stored-no-tx")) == 5);
            }
            assertThat(countsBySource()).hasSize(5);
        }
    }

    @Test
    void a_bad_pg_store_setting_is_refused_at_start_naming_the_key_and_the_file_it_came_from(@TempDir Path dir)
            throws Exception {
        String in = KAFKA.uniqueTopic("bad-setting.in");
        String out = KAFKA.uniqueTopic("bad-setting.out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, "write-back: pg-store\nplugins:\n  pg-store:\n    table: \"Orders; DROP TABLE x\"\n");
        PlatformProfile profile = kafka.profile().toBuilder().file(file).build();

        assertThatThrownBy(() -> FerryEngine.start(app("stored-bad-setting", in, out), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("platform profile " + file + ": plugins.pg-store.table: 'Orders; DROP TABLE x' "
                        + "is not a table name");
    }

    private static List<Map.Entry<String, String>> keyed(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Map.entry("k" + i, "{\"id\": " + i + "}")).toList();
    }

    private Map<String, Long> countsBySource() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT source_topic || ':' || "
                + "source_partition || ':' || source_offset, count(*) FROM " + table + " GROUP BY 1")) {
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    private List<String> values() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM " + table
                + " ORDER BY id")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private Map<TopicPartition, Long> storedOffsets(String app) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (!tableExists(table + "_offsets")) {
            return out;
        }
        try (PreparedStatement s = db.prepareStatement("SELECT topic, partition, next_offset FROM " + table
                + "_offsets WHERE app = ?")) {
            s.setString(1, app);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(new TopicPartition(r.getString(1), r.getInt(2)), r.getLong(3));
                }
            }
        }
        return out;
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sinks closed their connections: none named for this test's table is left on the server. */
    private void awaitNoConnections() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
                s.setString(1, PgStoreSinkProvider.applicationName(table));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertThat(r.getLong(1)).as("open pg-store connections").isZero();
                }
            }
        });
    }

    private void rewindGroup(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        kafka.endOffsets(topic).keySet().forEach(tp -> start.put(tp, new OffsetAndMetadata(0)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, start).all().get(30, TimeUnit.SECONDS);
        }
    }
}
