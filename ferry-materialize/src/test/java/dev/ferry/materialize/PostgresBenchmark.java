package dev.ferry.materialize;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A benchmark, not a test: Ferry's PostgreSQL target against hand-written loops, on the same N keyed
 * JSON events (default 1,000,000, over 100,000 clients) in an embedded broker, each run into a fresh
 * table of database {@code test} (dropped after). Four contenders, 500 events per poll/batch each:
 * Ferry in upsert mode; a JDBC loop (poll, Jackson, a JDBC batch of {@code INSERT ... ON CONFLICT DO
 * UPDATE} with {@code reWriteBatchedInserts}, commit, {@code commitSync}: at-least-once); the same loop
 * writing with plain {@code COPY} (append: the upper bound of PostgreSQL ingest); Ferry in append mode.
 * A run's rate is N over the time from the group owning every partition to the last commit (Ferry's
 * offsets are in {@code ferry_offsets}, polled every 25 ms). After each run the table is checked (row
 * count, one row's values), so that a fast wrong contender cannot win. Order alternates per round;
 * one JVM; the medians are reported.
 *
 * <pre>
 * java -cp ... dev.ferry.materialize.PostgresBenchmark [--events N] [--rounds R]
 * </pre>
 * (see docs/materialize.md, What it costs, for the whole command).
 */
public final class PostgresBenchmark {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final int PARTITIONS = 3;
    static final int BATCH = 500;
    /**
     * How often Ferry's stored offsets are read (one autocommit query): at 5 ms the polling itself took
     * PostgreSQL time from Ferry (JFR: 115 socket reads over 10 ms in the poll); at 25 ms a run of 10 s or
     * more is off by 0.25% at most.
     */
    static final int POLL_MILLIS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "client, score, visits, vip, segment, profile";
    private static final String SCHEMA = """
            {"type": "object", "required": ["client"], "properties": {
              "client": {"type": "string"}, "score": {"type": "number"}, "visits": {"type": "integer"},
              "vip": {"type": "boolean"}, "segment": {"type": "string"},
              "profile": {"type": "object", "properties": {"country": {"type": "string"}, "age": {"type": "integer"}}}}}""";

    private PostgresBenchmark() {
    }

    private enum Contender {
        FERRY_UPSERT("Ferry postgres, upsert (one statement of arrays)"),
        JDBC_UPSERT("JDBC batch upsert loop"),
        COPY_APPEND("plain COPY loop (append)"),
        FERRY_APPEND("Ferry postgres, append (COPY)");

        final String title;

        Contender(String title) {
            this.title = title;
        }

        boolean upsert() {
            return this == FERRY_UPSERT || this == JDBC_UPSERT;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        int rounds = 3;
        String write = "copy";
        Contender[] only = Contender.values();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--write" -> write = args[++i];
                case "--contenders" -> only = java.util.Arrays.stream(args[++i].split(","))
                        .map(n -> Contender.valueOf(n.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')))
                        .toArray(Contender[]::new);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; the options are "
                        + "--events N (default 1000000), --rounds R (default 3), --write copy|batch (Ferry's, default copy), "
                        + "--contenders ferry-upsert,jdbc-upsert,copy-append,ferry-append (default all)");
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            String topic = "bench.clients";
            broker.createTopic(topic, PARTITIONS);
            long t = System.nanoTime();
            BenchmarkEvents.produce(broker.bootstrapServers(), topic, events, PostgresBenchmark::clients);
            System.out.printf("wrote %,d events to %s (%d partitions) in %.1f s; Ferry write: %s%n", events, topic,
                    PARTITIONS, (System.nanoTime() - t) / 1e9, write);
            Path dir = Files.createTempDirectory("pg-bench");
            Map<Contender, List<Double>> rates = new LinkedHashMap<>();
            for (Contender c : Contender.values()) {
                rates.put(c, new ArrayList<>());
            }
            Contender[] all = only;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < all.length; k++) {
                    Contender c = r % 2 == 0 ? all[k] : all[all.length - 1 - k];
                    String table = "bench_" + c.name().toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 8);
                    BenchmarkRun run = switch (c) {
                        case FERRY_UPSERT, FERRY_APPEND -> ferry(broker.bootstrapServers(), topic, events, dir, table,
                                c.upsert(), write);
                        case JDBC_UPSERT -> jdbcLoop(broker.bootstrapServers(), topic, events, table);
                        case COPY_APPEND -> copyLoop(broker.bootstrapServers(), topic, events, table);
                    };
                    try {
                        check(table, events, c.upsert());
                    } finally {
                        drop(table);
                    }
                    rates.get(c).add(run.report(c.name().toLowerCase(), r, events, "rows"));
                }
            }
            System.out.println();
            System.out.printf("| contender | rows/s (median of %d) | rounds |%n|---|---|---|%n", rounds);
            Map<Contender, Double> m = new LinkedHashMap<>();
            for (Contender c : all) {
                m.put(c, BenchmarkRun.median(rates.get(c)));
                System.out.printf("| %s | %,.0f | %s |%n", c.title, m.get(c), BenchmarkRun.runs(rates.get(c)));
            }
            System.out.printf("ratio Ferry upsert / JDBC upsert loop: %s; Ferry append / COPY loop: %s "
                            + "(%,d events, %d clients, batch %d, %d partitions)%n",
                    ratio(m, Contender.FERRY_UPSERT, Contender.JDBC_UPSERT),
                    ratio(m, Contender.FERRY_APPEND, Contender.COPY_APPEND), events, clients(events), BATCH,
                    PARTITIONS);
            for (int r = 0; r < rounds; r++) {
                System.out.printf("round %d: Ferry upsert / JDBC loop %s; Ferry append / COPY loop %s%n", r + 1,
                        ratio(rates, r, Contender.FERRY_UPSERT, Contender.JDBC_UPSERT),
                        ratio(rates, r, Contender.FERRY_APPEND, Contender.COPY_APPEND));
            }
        }
    }

    private static String ratio(Map<Contender, Double> m, Contender a, Contender b) {
        return m.containsKey(a) && m.containsKey(b) ? String.format("%.2f", m.get(a) / m.get(b)) : "-";
    }

    private static String ratio(Map<Contender, List<Double>> rates, int round, Contender a, Contender b) {
        List<Double> x = rates.get(a);
        List<Double> y = rates.get(b);
        return x.size() > round && y.size() > round ? String.format("%.2f", x.get(round) / y.get(round)) : "-";
    }

    /**
     * How many clients the events are spread over: a tenth of them, at most 100,000, and at least 5,000
     * (every event its own below that), so that no poll of 500 holds a client twice, which a JDBC batch
     * of upserts rewritten into one statement refuses ("cannot affect row a second time").
     */
    static int clients(int events) {
        return Math.max(1, Math.min(100_000, Math.max(events / 10, Math.min(events, 5_000))));
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.put("user", "postgres");
        p.put("reWriteBatchedInserts", "true");
        Connection c = DriverManager.getConnection(URL, p);
        c.setAutoCommit(false);
        return c;
    }

    private static void createTable(String table, boolean upsert) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (client text" + (upsert ? " PRIMARY KEY" : "") + ", score double "
                    + "precision, visits bigint, vip boolean, segment text, profile jsonb)");
            c.commit();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic, long[] assigned) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-loop-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(BATCH));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (partitions.size() == PARTITIONS && assigned[0] == 0) {
                    assigned[0] = System.nanoTime();
                }
            }
        });
        return consumer;
    }

    /** The hand-written upsert contender: poll, Jackson, one JDBC batch of upserts, commit, commitSync. */
    private static BenchmarkRun jdbcLoop(String bootstrap, String topic, int events, String table) throws Exception {
        createTable(table, true);
        long[] assigned = new long[1];
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb)) ON CONFLICT "
                + "(client) DO UPDATE SET score = EXCLUDED.score, visits = EXCLUDED.visits, vip = EXCLUDED.vip, "
                + "segment = EXCLUDED.segment, profile = EXCLUDED.profile";
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic, assigned); Connection c = connect();
             PreparedStatement s = c.prepareStatement(sql)) {
            long done = 0;
            while (done < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    JsonNode n = JSON.readTree(r.value());
                    s.setString(1, n.get("client").asText());
                    s.setDouble(2, n.get("score").asDouble());
                    s.setLong(3, n.get("visits").asLong());
                    s.setBoolean(4, n.get("vip").asBoolean());
                    s.setString(5, n.get("segment").asText());
                    s.setString(6, n.get("profile").toString());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
                consumer.commitSync();
                done += records.count();
            }
            return new BenchmarkRun(assigned[0], System.nanoTime());
        }
    }

    /** The plain COPY contender: poll, Jackson, one COPY (text format) per batch, commit, commitSync. */
    private static BenchmarkRun copyLoop(String bootstrap, String topic, int events, String table) throws Exception {
        createTable(table, false);
        long[] assigned = new long[1];
        String sql = "COPY " + table + " (" + COLUMNS + ") FROM STDIN";
        StringBuilder b = new StringBuilder(1 << 16);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic, assigned); Connection c = connect()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            long done = 0;
            while (done < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                b.setLength(0);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    JsonNode n = JSON.readTree(r.value());
                    // the benchmark's values hold no tab, newline or backslash: no escaping needed here
                    b.append(n.get("client").asText()).append('\t').append(n.get("score").asDouble()).append('\t')
                            .append(n.get("visits").asLong()).append('\t').append(n.get("vip").asBoolean() ? 't' : 'f')
                            .append('\t').append(n.get("segment").asText()).append('\t').append(n.get("profile"))
                            .append('\n');
                }
                byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
                CopyIn in = pg.getCopyAPI().copyIn(sql);
                in.writeToCopy(data, 0, data.length);
                in.endCopy();
                c.commit();
                consumer.commitSync();
                done += records.count();
            }
            return new BenchmarkRun(assigned[0], System.nanoTime());
        }
    }

    /** Ferry's contenders: the same work as a materialization file, run as {@code ferry materialize} runs it. */
    private static BenchmarkRun ferry(String bootstrap, String topic, int events, Path dir, String table, boolean upsert,
                             String write) throws Exception {
        String app = "bench-" + table.replace('_', '-');
        Files.writeString(dir.resolve("clients.schema.json"), SCHEMA);
        Path file = dir.resolve(app + ".yaml");
        Files.writeString(file, "materialize: " + app + "\ntopic: " + topic + "\nschema: clients.schema.json\n"
                + "batch-size: " + BATCH + "\ntarget:\n  type: postgres\n  url: " + URL + "\n  table: " + table
                + "\n  key: client\n  mode: " + (upsert ? "upsert" : "append") + "\n  write: " + write + "\n");
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(bootstrap).build();
        long[] assigned = {0};
        long[] done = {0};
        try (Connection db = DriverManager.getConnection(URL, "postgres", null);
             PreparedStatement stored = db.prepareStatement("SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets "
                     + "WHERE app = ?");
             RunningApp running = Materialization.prepare(file, profile).start()) {
            stored.setString(1, app);
            await("ferry storing " + events + " offsets").atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(POLL_MILLIS)).until(() -> {
                        long now = System.nanoTime();
                        if (assigned[0] == 0 && running.status().partitions() == PARTITIONS) {
                            assigned[0] = now;
                        }
                        if (committed(db, stored) < events) {
                            return false;
                        }
                        done[0] = now;
                        return true;
                    });
            try (Statement s = db.createStatement()) {
                s.execute("DELETE FROM ferry_offsets WHERE app = '" + app + "'");
            }
        }
        return new BenchmarkRun(assigned[0], done[0]);
    }

    private static long committed(Connection db, PreparedStatement stored) {
        try (ResultSet r = stored.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return 0; // ferry_offsets not there yet
        }
    }

    /** The table holds what it must: one row per client (upsert) or per event (append), one row's values right. */
    private static void check(String table, int events, boolean upsert) throws SQLException {
        int clients = clients(events);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            long rows = one(s, "SELECT count(*) FROM " + table);
            long expected = upsert ? clients : events;
            if (rows != expected) {
                throw new IllegalStateException(table + " holds " + rows + " rows, not " + expected);
            }
            int i;
            String where;
            if (upsert) {
                int client = 7 % clients;
                i = client + (events - 1 - client) / clients * clients; // the last event of that client
                where = "client = 'c" + client + "'";
            } else {
                i = events / 2;
                where = "visits = " + i;
            }
            try (ResultSet r = s.executeQuery("SELECT client, score, visits, vip, segment, profile->>'age' FROM " + table
                    + " WHERE " + where)) {
                JsonNode want = JSON.readTree(BenchmarkEvents.value(i, clients));
                if (!r.next() || !r.getString(1).equals(want.get("client").asText())
                        || r.getDouble(2) != want.get("score").asDouble() || r.getLong(3) != i
                        || r.getBoolean(4) != want.get("vip").asBoolean()
                        || !r.getString(5).equals(want.get("segment").asText())
                        || !r.getString(6).equals(want.get("profile").get("age").asText()) || r.next()) {
                    throw new IllegalStateException(table + ": the row where " + where + " is not event " + i + "'s");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            c.commit();
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void drop(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            c.commit();
        }
    }
}
