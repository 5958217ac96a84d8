package dev.ferry.materialize;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The materializer's fault run, a program, not a test (its short version is {@link MaterializeFaultRunTest}):
 * keyed events are fed into a 3-partition topic of an embedded broker while materializer JVMs
 * ({@link MaterializeProcess}) write them into a {@link PrivatePostgres}; the JVMs are SIGKILLed at
 * seeded random moments of the load and started again, and the PostgreSQL server is restarted
 * (immediate mode) in the middle of it. Then, in append mode, every event's row is in the table exactly
 * once (by its unique id; the missing and doubled ids are named), and in upsert mode the table equals a
 * replay of the topic read with a plain {@link KafkaConsumer} (last value per key, tombstones delete).
 *
 * <pre>
 * java -cp ... dev.ferry.materialize.MaterializeFaultRun [--events N] [--kills K] [--restarts R]
 *     [--instances I] [--rate EVENTS_PER_S] [--mode append|upsert|both] [--seed S]
 * </pre>
 * (see docs/materialize.md, Fault run). Exits 1 when a check fails.
 */
public final class MaterializeFaultRun {

    private static final int PARTITIONS = 3;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(180);

    /** What to run; {@link #defaults()} is the full run of issue 13. */
    public record Options(int events, int kills, int restarts, int instances, int rate, long seed, Path dir) {

        static Options defaults() {
            return new Options(100_000, 10, 1, 2, 4_000, System.nanoTime(), null);
        }
    }

    /** One mode's numbers and its verdict: {@code problems} is empty when every check held. */
    public record Result(String mode, int events, int kills, int restarts, Duration duration, long rows,
            List<String> problems) {

        public boolean passed() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            double seconds = duration.toMillis() / 1000.0;
            return String.format("%s: %s; %,d events, %d SIGKILLs, %d PostgreSQL restarts, %.1f s, %,.0f events/s, "
                    + "%,d rows%s", mode, passed() ? "PASS" : "FAIL", events, kills, restarts, seconds,
                    events / seconds, rows, passed() ? "" : "\n  " + String.join("\n  ", problems));
        }
    }

    private final String bootstrap;
    private final PrivatePostgres pg;
    private final Options options;

    public MaterializeFaultRun(String bootstrap, PrivatePostgres pg, Options options) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.pg = Objects.requireNonNull(pg, "pg");
        this.options = Objects.requireNonNull(options, "options");
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        System.out.println("materialize fault run: seed " + o.seed() + " (re-run with --seed " + o.seed() + "), "
                + o.events() + " events, " + o.kills() + " kills, " + o.restarts() + " PostgreSQL restarts, "
                + o.instances() + " instances, feed " + o.rate() + " events/s");
        List<String> modes = modes(args);
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("ferry-materialize-fault");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("group.min.session.timeout.ms", "500").start();
                PrivatePostgres pg = PrivatePostgres.start()) {
            System.out.println("private PostgreSQL on 127.0.0.1:" + pg.port() + ", logs in " + dir);
            MaterializeFaultRun run = new MaterializeFaultRun(broker.bootstrapServers(), pg,
                    new Options(o.events(), o.kills(), o.restarts(), o.instances(), o.rate(), o.seed(), dir));
            for (String mode : modes) {
                Result r = run.run(mode, broker::createTopic);
                System.out.println(r);
                results.add(r);
            }
        }
        boolean passed = results.stream().allMatch(Result::passed);
        System.out.println(passed ? "VERDICT: PASS" : "VERDICT: FAIL (seed " + o.seed() + ")");
        System.exit(passed ? 0 : 1);
    }

    /** Runs one mode, {@code append} or {@code upsert}, on a fresh topic and table; {@code topics} creates a topic. */
    public Result run(String mode, BiConsumer<String, Integer> topics) throws Exception {
        boolean upsert = switch (mode) {
            case "append" -> false;
            case "upsert" -> true;
            default -> throw new IllegalArgumentException("mode '" + mode + "': expected append or upsert");
        };
        String suffix = mode + "_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        String topic = "fault-" + suffix.replace('_', '-');
        String table = "fault_" + suffix;
        String app = topic;
        Path dir = options.dir().resolve(mode);
        Files.createDirectories(dir);
        topics.accept(topic, PARTITIONS);
        Path schema = Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        Path file = Fixtures.write(dir, "fault.yaml", "materialize: " + app + "\ntopic: " + topic + "\nschema: " + schema
                + "\nbatch-size: 500\ntarget:\n  type: postgres\n  url: " + pg.url() + "\n  table: " + table
                + (upsert ? "\n  key: event-key\n  mode: upsert\n" : "\n  mode: append\n"));
        List<String> problems = new ArrayList<>();
        Random random = new Random(options.seed() ^ mode.hashCode());
        int total = options.events();
        int restartsBefore = pg.restarts();
        long start = System.nanoTime();
        Feed feed = new Feed(topic, upsert, total);
        feed.start();
        Process[] instances = new Process[options.instances()];
        int[] started = {0};
        for (int i = 0; i < instances.length; i++) {
            instances[i] = launch(file, dir, started[0]++);
        }
        int kills = 0;
        try {
            // the faults, in order: kills, with the restarts of PostgreSQL in the middle
            List<Boolean> faults = new ArrayList<>();
            for (int k = 0; k < options.kills(); k++) {
                faults.add(false);
            }
            for (int r = 0; r < options.restarts(); r++) {
                faults.add((options.kills() * (r + 1)) / (options.restarts() + 1) + r, true);
            }
            // fault j at a seeded random mark around (j + 1) / (faults + 1) of the load, the marks in order
            double slot = (double) total / (faults.size() + 1);
            for (int j = 0; j < faults.size(); j++) {
                boolean restart = faults.get(j);
                long mark = Math.min(total - 1, Math.round(slot * (j + 1) + (random.nextDouble() - 0.5) * slot * 0.8));
                waitFor(() -> stored(app) >= mark || anyDead(instances), "stored offsets reach " + mark);
                restartDead(instances, file, dir, started, problems);
                long at = stored(app);
                if (at >= total) {
                    problems.add("fault " + (j + 1) + " came after the load's end (mark " + mark + "): lower --rate");
                }
                if (restart) {
                    pg.restart();
                    System.out.println("  PostgreSQL restarted at " + at + " stored offsets (mark " + mark + ")");
                } else {
                    int victim = random.nextInt(instances.length);
                    instances[victim].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    kills++;
                    System.out.println("  SIGKILL " + kills + " of instance " + victim + " at " + at
                            + " stored offsets (mark " + mark + ")");
                    instances[victim] = launch(file, dir, started[0]++);
                }
            }
            waitFor(() -> {
                restartDead(instances, file, dir, started, problems);
                return feed.done() && stored(app) == total;
            }, "every event stored (" + total + ")");
        } catch (ConditionTimeoutException e) {
            problems.add("timed out: " + e.getMessage() + "; stored " + stored(app) + " of " + total + ", feed sent "
                    + feed.sent() + " (logs in " + dir + ")");
        } finally {
            for (Process p : instances) {
                p.destroy();
            }
            for (Process p : instances) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            feed.interrupt();
            feed.join(TimeUnit.SECONDS.toMillis(30));
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        if (feed.failure.get() != null) {
            problems.add("the feed failed: " + feed.failure.get());
        }
        long rows;
        try (Connection db = pg.connect()) {
            rows = Fixtures.count(db, "SELECT count(*) FROM " + table);
            if (problems.isEmpty()) {
                if (upsert) {
                    checkReplay(db, topic, table, problems);
                } else {
                    checkAppend(db, table, total, problems);
                }
            }
        }
        return new Result(mode, total, kills, pg.restarts() - restartsBefore, duration, rows, problems);
    }

    /** Every event's row exactly once: count, doubled ids, missing ids, and each row is its own event's. */
    private static void checkAppend(Connection db, String table, int total, List<String> problems) throws SQLException {
        long rows = Fixtures.count(db, "SELECT count(*) FROM " + table);
        if (rows != total) {
            problems.add("rows: " + rows + ", expected " + total);
        }
        List<String> doubled = column(db, "SELECT id || ' (x' || count(*) || ')' FROM " + table
                + " GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 50");
        if (!doubled.isEmpty()) {
            problems.add("doubled event ids (first 50): " + doubled);
        }
        List<String> missing = column(db, "SELECT g FROM generate_series(0, " + (total - 1) + ") g LEFT JOIN " + table
                + " t ON t.id = g WHERE t.id IS NULL ORDER BY g LIMIT 50");
        if (!missing.isEmpty()) {
            problems.add("missing event ids (first 50): " + missing);
        }
        long foreign = Fixtures.count(db, "SELECT count(*) FROM " + table
                + " WHERE id < 0 OR id >= " + total + " OR client <> 'c' || (id % 97) OR score <> id");
        if (foreign != 0) {
            problems.add(foreign + " rows are not their event's");
        }
    }

    /** The table equals a replay of the topic: last value per key, tombstones delete. */
    private void checkReplay(Connection db, String topic, String table, List<String> problems) throws SQLException {
        Map<String, String> expected = replay(topic);
        Map<String, String> actual = new TreeMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_key, id, client, score FROM " + table)) {
            while (rs.next()) {
                String previous = actual.put(rs.getString(1), rs.getLong(2) + "|" + rs.getString(3) + "|"
                        + (long) rs.getDouble(4));
                if (previous != null) {
                    problems.add("key " + rs.getString(1) + " has two rows");
                }
            }
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String row = actual.get(e.getKey());
            if (!e.getValue().equals(row)) {
                differences.add(e.getKey() + ": expected " + e.getValue() + ", table " + row);
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                differences.add(key + ": expected no row (deleted or never sent), table " + actual.get(key));
            }
        }
        if (!differences.isEmpty()) {
            problems.add(differences.size() + " keys differ from the replay (first 50): "
                    + differences.subList(0, Math.min(50, differences.size())));
        }
        if (expected.isEmpty()) {
            problems.add("the replay of " + topic + " is empty");
        }
    }

    /** Reads the whole topic from the beginning with a plain consumer: key to "id|client|score", tombstones remove. */
    private Map<String, String> replay(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> table = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                partitions.add(new TopicPartition(topic, i));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replay of " + topic + " did not reach " + end);
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        table.remove(r.key());
                    } else {
                        JsonNode v = json.readTree(r.value());
                        table.put(r.key(), v.get("id").asLong() + "|" + v.get("client").asText() + "|"
                                + (long) v.get("score").asDouble());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of " + topic + " is not JSON: " + e.getMessage(), e);
        }
        return table;
    }

    private void restartDead(Process[] instances, Path file, Path dir, int[] started, List<String> problems) {
        for (int i = 0; i < instances.length; i++) {
            if (!instances[i].isAlive()) {
                problems.add("instance " + i + " exited on its own (exit " + instances[i].exitValue() + ", logs in " + dir
                        + ")");
                try {
                    instances[i] = launch(file, dir, started[0]++);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static boolean anyDead(Process[] instances) {
        for (Process p : instances) {
            if (!p.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private Process launch(Path file, Path dir, int n) throws IOException {
        Path log = dir.resolve("process-" + n + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), MaterializeProcess.class.getName(), bootstrap,
                file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        await(what).atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(25))
                .until(condition::getAsBoolean);
    }

    /** The sum of the app's stored next offsets, or -1 while PostgreSQL does not answer (it may be restarting). */
    private long stored(String app) {
        try (Connection db = pg.connect()) {
            if (Fixtures.count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_offsets'") == 0) {
                return 0;
            }
            return Fixtures.count(db, "SELECT coalesce(sum(next_offset), 0) FROM ferry_offsets WHERE app = '" + app + "'");
        } catch (SQLException e) {
            return -1;
        }
    }

    private static List<String> column(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /**
     * Produces the events during the run at {@code options.rate} events per second: event i is click i
     * (unique id i); in append mode keyed k&lt;i&gt;, in upsert mode keyed k&lt;i mod (N/5 + 1)&gt; with every 25th a tombstone.
     */
    private final class Feed extends Thread {

        private final String topic;
        private final boolean upsert;
        private final int total;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile int sent;
        private volatile boolean done;

        Feed(String topic, boolean upsert, int total) {
            super("fault-feed");
            this.topic = topic;
            this.upsert = upsert;
            this.total = total;
            setDaemon(true);
        }

        int sent() {
            return sent;
        }

        boolean done() {
            return done;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            // N/5 + 1 keys: a key is a tombstone in some rounds and a value in others, so deletes hit rows
            int keys = total / 5 + 1;
            int perTick = Math.max(1, options.rate() / 20);
            long tick = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < total; i++) {
                    String key = upsert ? "k" + (i % keys) : "k" + i;
                    String value = upsert && i % 25 == 24 ? null : Fixtures.click(i, "c" + (i % 97), i);
                    producer.send(new ProducerRecord<>(topic, key, value), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    sent = i + 1;
                    if ((i + 1) % perTick == 0) {
                        tick += TimeUnit.MILLISECONDS.toNanos(50);
                        LockSupport.parkNanos(tick - System.nanoTime());
                        if (isInterrupted()) {
                            return;
                        }
                    }
                }
                producer.flush();
                done = failure.get() == null;
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private static Options parse(String[] args) {
        Options d = Options.defaults();
        int events = d.events();
        int kills = d.kills();
        int restarts = d.restarts();
        int instances = d.instances();
        int rate = d.rate();
        long seed = d.seed();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--events" -> events = number(args[i], value);
                case "--kills" -> kills = number(args[i], value);
                case "--restarts" -> restarts = number(args[i], value);
                case "--instances" -> instances = number(args[i], value);
                case "--rate" -> rate = number(args[i], value);
                case "--seed" -> seed = numberL(args[i], value);
                case "--mode" -> {
                    // read by modes()
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (expected --events, "
                        + "--kills, --restarts, --instances, --rate, --mode or --seed)");
            }
            i++;
        }
        if (events < 1 || instances < 1 || rate < 1 || kills < 0 || restarts < 0) {
            throw new IllegalArgumentException("--events, --instances and --rate must be at least 1, --kills and "
                    + "--restarts at least 0");
        }
        return new Options(events, kills, restarts, instances, rate, seed, null);
    }

    private static List<String> modes(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--mode")) {
                return switch (args[i + 1]) {
                    case "append" -> List.of("append");
                    case "upsert" -> List.of("upsert");
                    case "both" -> List.of("append", "upsert");
                    default -> throw new IllegalArgumentException("--mode '" + args[i + 1]
                            + "': expected append, upsert or both");
                };
            }
        }
        return List.of("append", "upsert");
    }

    private static long numberL(String option, String value) {
        try {
            return Long.parseLong(Objects.requireNonNull(value, () -> option + " needs a value"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "': not a number", e);
        }
    }

    private static int number(String option, String value) {
        long n = numberL(option, value);
        if (n > Integer.MAX_VALUE && !option.equals("--seed")) {
            throw new IllegalArgumentException(option + " '" + value + "': too large");
        }
        return (int) n;
    }
}
