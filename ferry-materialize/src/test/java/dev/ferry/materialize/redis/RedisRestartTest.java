package dev.ferry.materialize.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.materialize.Materialization;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The real Redis server restarted while a materialization loads into it: stopped with
 * {@code SHUTDOWN SAVE} (so what it held is in its RDB file: a server without persistence, as
 * {@code --save ""} configures it, loses everything at a {@code nosave} restart, which no client can
 * repair) and started again as {@code .ci/run} starts it, in the same directory, while events keep
 * coming. Every event's hash is there at the end, and nothing halted or was dead-lettered.
 *
 * <p>It stops the machine's one Redis for about a second: no other module's tests use Redis, and
 * those of this module run one class at a time. It is skipped where {@code redis-cli} and
 * {@code redis-server} are not on the PATH, and always leaves a Redis running (started again in
 * {@link #redisIsUp} if the test failed half-way).
 */
class RedisRestartTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();
    private RedisFixture redis;
    private String redisDir;
    private String redisLog;

    @AfterEach
    void redisIsUp() throws Exception {
        if (redisDir != null && !pings()) {
            startRedis();
            await().atMost(Duration.ofSeconds(30)).until(RedisRestartTest::pings);
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static boolean pings() {
        try (Jedis j = new Jedis(RedisFixture.HOST, RedisFixture.PORT)) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startRedis() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                "-::1", "--port", Integer.toString(RedisFixture.PORT), "--save", "", "--appendonly", "no",
                "--dir", redisDir));
        if (!redisLog.isEmpty()) {
            command.addAll(List.of("--logfile", redisLog));
        }
        assertThat(runs(command.toArray(String[]::new))).as("redis-server started again: " + command).isTrue();
    }

    @Test
    void redis_restarted_mid_load_ends_with_every_events_hash() throws Exception {
        assumeTrue(runs("redis-server", "--version") && runs("redis-cli", "--version"),
                "redis-server and redis-cli are needed to restart Redis");
        redis = new RedisFixture("restart");
        Map<String, String> config = redis.jedis().configGet("dir", "logfile", "dbfilename");
        redisDir = config.get("dir");
        redisLog = config.getOrDefault("logfile", "");
        Path rdb = Path.of(redisDir, config.get("dbfilename"));
        boolean hadRdb = Files.exists(rdb);
        String topic = KAFKA.uniqueTopic("restart");
        kafka.createTopic(topic, 2);
        String app = "m-" + UUID.randomUUID().toString().substring(0, 10);
        Files.writeString(dir.resolve("s.json"), RedisMaterializeTest.SCHEMA);
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, "materialize: " + app + "\ntopic: " + topic + "\nschema: s.json\nbatch-size: 50\n"
                + "target:\n  type: redis\n  key: event-key\n  database: " + RedisFixture.DATABASE + "\n  key-prefix: '"
                + redis.prefix + "'\n  timeout: 500ms\n");
        int chunks = 20;
        int perChunk = 100;
        CountDownLatch halfway = new CountDownLatch(1);

        try (RunningApp running = Materialization.prepare(file, kafka.profile()).start()) {
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int c = 0; c < chunks; c++) {
                    List<Map.Entry<String, String>> events = new ArrayList<>();
                    for (int i = c * perChunk; i < (c + 1) * perChunk; i++) {
                        events.add(RedisMaterializeTest.event("c" + i,
                                RedisMaterializeTest.features("c" + i, i, i, false, "fr")));
                    }
                    kafka.produceKeyed(topic, events);
                    if (c == chunks / 4) {
                        halfway.countDown();
                    }
                }
            });
            assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(runs("redis-cli", "-h", RedisFixture.HOST, "-p", Integer.toString(RedisFixture.PORT),
                    "shutdown", "save")).as("redis-cli shutdown save").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> !pings());
            startRedis();
            await().atMost(Duration.ofSeconds(30)).until(RedisRestartTest::pings);
            if (!hadRdb) {
                Files.deleteIfExists(rdb); // loaded; a later start of this Redis should not load this test's keys
            }
            producing.get(60, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> redis.keys().size() == chunks * perChunk
                    && running.status().consumed() == chunks * perChunk);
            assertThat(running.status().state()).isNotEqualTo(AppStatus.State.HALTED);
            assertThat(running.status().deadLettered()).isZero();
        }
        Map<String, Map<String, String>> hashes = redis.hashes();
        assertThat(hashes).hasSize(chunks * perChunk);
        for (int i = 0; i < chunks * perChunk; i++) {
            assertThat(hashes.get(redis.prefix + "c" + i)).as("c" + i).containsEntry("visits", Integer.toString(i));
        }
    }
}
