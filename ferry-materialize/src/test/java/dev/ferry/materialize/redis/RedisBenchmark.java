package dev.ferry.materialize.redis;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.materialize.BenchmarkEvents;
import dev.ferry.materialize.BenchmarkRun;
import dev.ferry.materialize.Materialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A benchmark, not a test: Ferry's Redis target against a hand-written pipelined Jedis loop, on the
 * same N keyed JSON events (default 1,000,000, over 100,000 entities) in an embedded broker, into the
 * local Redis (database {@value #DATABASE}, a fresh key prefix per run, removed after it). Both
 * consume 500 events per poll, write one pipeline per batch ({@code HSET} of every top-level field,
 * nested values as JSON text, and {@code PEXPIRE} of a 24 h TTL) and commit the batch's offsets once
 * Redis has answered: the same at-least-once work. Each run's rate is N over the time from the group
 * owning every partition to the last commit (the harness polls the group's committed offsets every
 * 5 ms for both). Runs alternate in order, one JVM; the medians are reported.
 *
 * <pre>
 * java -cp ... dev.ferry.materialize.redis.RedisBenchmark [--events N] [--rounds R]
 * </pre>
 * (see docs/materialize.md, Redis, Benchmark, for the whole command).
 */
public final class RedisBenchmark {

    static final int DATABASE = 6;
    static final int PARTITIONS = 3;
    static final int BATCH = 500;
    static final long TTL_MILLIS = Duration.ofHours(24).toMillis();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; the options are --events N (default 1000000) and --rounds R (default 3)");
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            String topic = "bench.features";
            broker.createTopic(topic, PARTITIONS);
            long t = System.nanoTime();
            BenchmarkEvents.produce(broker.bootstrapServers(), topic, events, RedisBenchmark::entities);
            System.out.printf("wrote %,d events to %s (%d partitions) in %.1f s%n", events, topic, PARTITIONS,
                    (System.nanoTime() - t) / 1e9);
            Path dir = Files.createTempDirectory("redis-bench");
            List<Double> loop = new ArrayList<>();
            List<Double> ferry = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                boolean loopFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == loopFirst) {
                        loop.add(handLoop(broker.bootstrapServers(), topic, events).report("jedis-loop", r, events, "events"));
                    } else {
                        ferry.add(ferry(broker.bootstrapServers(), topic, events, dir).report("ferry", r, events, "events"));
                    }
                }
            }
            double l = BenchmarkRun.median(loop);
            double f = BenchmarkRun.median(ferry);
            System.out.println();
            System.out.printf("| contender | events/s (median of %d) | runs |%n|---|---|---|%n", rounds);
            System.out.printf("| pipelined Jedis loop | %,.0f | %s |%n", l, BenchmarkRun.runs(loop));
            System.out.printf("| Ferry redis target | %,.0f | %s |%n", f, BenchmarkRun.runs(ferry));
            System.out.printf("ratio Ferry / loop: %.2f (%,d events, %d entities, batch %d, %d partitions)%n", f / l,
                    events, entities(events), BATCH, PARTITIONS);
        }
    }

    static int entities(int events) {
        return Math.max(1, Math.min(100_000, events / 10));
    }

    static final String SCHEMA = """
            {"type": "object", "properties": {
              "client": {"type": "string"}, "score": {"type": "number"}, "visits": {"type": "integer"},
              "vip": {"type": "boolean"}, "segment": {"type": "string"},
              "profile": {"type": "object", "properties": {"country": {"type": "string"}, "age": {"type": "integer"}}}}}""";

    /** The hand-written contender: poll, parse, one pipeline of HSET + PEXPIRE per batch, sync, commit. */
    private static BenchmarkRun handLoop(String bootstrap, String topic, int events) {
        String prefix = "bench:loop:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String group = "bench-loop-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(BATCH));
        long[] assigned = new long[1];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); Jedis jedis = new Jedis(RedisFixture.HOST, RedisFixture.PORT)) {
            jedis.select(DATABASE);
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
            long done = 0;
            while (done < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                Pipeline pipe = jedis.pipelined();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String key = prefix + new String(r.key(), StandardCharsets.UTF_8);
                    pipe.hset(key, fields(r.value()));
                    pipe.pexpire(key, TTL_MILLIS);
                }
                pipe.sync();
                consumer.commitSync();
                done += records.count();
            }
            BenchmarkRun run = new BenchmarkRun(assigned[0], System.nanoTime());
            cleanUp(prefix);
            return run;
        }
    }

    private static Map<String, String> fields(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            Map<String, String> out = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ferry's contender: the same work as a materialization file, run as {@code ferry materialize} runs it. */
    private static BenchmarkRun ferry(String bootstrap, String topic, int events, Path dir) throws IOException {
        String prefix = "bench:ferry:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String app = "bench-ferry-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("features.schema.json"), SCHEMA);
        Path file = dir.resolve(app + ".yaml");
        Files.writeString(file, "materialize: " + app + "\ntopic: " + topic + "\nschema: features.schema.json\n"
                + "batch-size: " + BATCH + "\ntarget:\n  type: redis\n  key: event-key\n  database: " + DATABASE
                + "\n  key-prefix: '" + prefix + "'\n  ttl: 24h\n");
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(bootstrap).build();
        long[] assigned = {0};
        long[] done = {0};
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             RunningApp running = Materialization.prepare(file, profile).start()) {
            await("ferry committing " + events + " events").atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> {
                        long now = System.nanoTime();
                        if (assigned[0] == 0 && running.status().partitions() == PARTITIONS) {
                            assigned[0] = now;
                        }
                        if (committed(admin, app) < events) {
                            return false;
                        }
                        done[0] = now;
                        return true;
                    });
        }
        cleanUp(prefix);
        return new BenchmarkRun(assigned[0], done[0]);
    }

    private static long committed(Admin admin, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void cleanUp(String prefix) {
        try (Jedis jedis = new Jedis(RedisFixture.HOST, RedisFixture.PORT)) {
            jedis.select(DATABASE);
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "*").count(10_000);
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
