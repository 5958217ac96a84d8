package dev.ferry.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.python.bench.FerryPythonChild;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault run for Python apps, short enough for the suite: the engine's process (a JVM running
 * the app, {@link FerryPythonChild}) is SIGKILLed twice and its Python worker twice while 6,000 events
 * flow, each time started again; in the end every event's output is there (at-least-once: some may be
 * there twice, none missing) and the group has committed every input.
 */
class PythonFaultRunTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 6_000;

    @TempDir
    Path dir;

    private final List<Path> logs = new ArrayList<>();
    private int starts;

    private String lastLog() throws IOException {
        List<String> lines = Files.readAllLines(logs.get(logs.size() - 1));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Test
    void sigkills_of_the_engine_and_of_the_worker_lose_nothing() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("faults.in", 3);
        kafka.createTopic("faults.out", 3);
        Path file = dir.resolve("faults.py");
        Files.writeString(file, """
                import json, time, ferry
                @ferry.register(app='faults-py', topics='faults.in', start='beginning', batch_size=50,
                                output_schema={'faults.out': {'n': int}})
                def copy(messages):
                    time.sleep(0.003 * len(messages))  # 18 s for all: there is work left at every kill
                    return {'faults.out': [{'n': json.loads(m)['n']} for m in messages]}
                """);
        kafka.produce("faults.in", IntStream.range(0, EVENTS).mapToObj(i -> "{\"n\": " + i + "}").toList());
        List<String> kills = new ArrayList<>();
        Process engine = start(kafka, file);
        try {
            for (int round = 0; round < 4; round++) {
                long target = (long) (round + 1) * EVENTS / 6;
                Process current = engine;
                await().atMost(Duration.ofSeconds(90)).until(() -> kafka.endOffsetTotal("faults.out") >= target
                        || !current.isAlive());
                assertThat(current.isAlive()).as("the engine's process ended on its own:\n%s", lastLog()).isTrue();
                if (round % 2 == 0) {
                    ProcessHandle worker = worker(engine);
                    worker.destroyForcibly();
                    kills.add("worker " + worker.pid());
                } else {
                    engine.destroyForcibly(); // SIGKILL: the worker sees its input close and exits
                    engine.waitFor();
                    kills.add("engine " + engine.pid());
                    long before = kafka.endOffsetTotal("faults.out");
                    engine = start(kafka, file);
                    Process restarted = engine;
                    // the new engine is running (its worker answered) before anything of it is killed
                    try {
                        await().atMost(Duration.ofSeconds(150)).until(() -> kafka.endOffsetTotal("faults.out")
                                > before + 100 || !restarted.isAlive());
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("the restarted engine wrote nothing for 150 s; its log:\n"
                                + lastLog(), e);
                    }
                    assertThat(restarted.isAlive()).as("the restarted engine ended on its own:\n%s", lastLog())
                            .isTrue();
                }
            }
            Process last = engine;
            await().atMost(Duration.ofSeconds(120)).until(() -> committed(kafka) >= EVENTS || !last.isAlive());
            assertThat(last.isAlive()).as("the engine's process ended on its own:\n%s", lastLog()).isTrue();
        } finally {
            engine.destroyForcibly();
        }
        assertThat(kills).hasSize(4);
        Map<Integer, Integer> seen = new HashMap<>();
        for (String v : kafka.readAllValues("faults.out", Duration.ofSeconds(3))) {
            seen.merge(JSON.readTree(v).path("n").asInt(), 1, Integer::sum);
        }
        assertThat(seen.keySet()).as("every event's output, after " + kills)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, EVENTS).boxed().toList());
    }

    private Process start(TestKafka kafka, Path file) throws IOException {
        Path log = dir.resolve("engine-" + (++starts) + ".log");
        logs.add(log);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FerryPythonChild.class.getName(), kafka.bootstrapServers(), "python3", file.toString(), "50")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // a killed engine's member leaves the group when its session times out: 10 s, not the default 45 s
        pb.environment().put("FERRY_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "10000");
        return pb.start();
    }

    private static ProcessHandle worker(Process engine) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> engine.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("ferry.worker")).findFirst().orElse(null),
                w -> w != null);
    }

    private static long committed(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets("faults-py").partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
