package dev.ferry.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python apps on a real broker: the talk's prediction end to end, a Python exception dead-lettered at
 * its event with the traceback in the headers, and workers killed (SIGKILL) while events flow with
 * every event's output still written.
 */
class PythonOnBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> clients(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"client\": " + i + "}").toList();
    }

    @Test
    void the_talks_prediction_consumes_and_writes_every_event_once() throws IOException {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("client.signed_up", 3);
        kafka.createTopic("predict.topic", 3);
        kafka.produce("client.signed_up", clients(0, 1000));
        AppDescriptor app = PythonApps.load(PythonFunctionTest.EXAMPLES.resolve("my_prediction.py"), null, Map.of())
                .toBuilder().start(dev.ferry.api.Start.BEGINNING).build();
        try (RunningApp running = FerryEngine.start(app, kafka.profile())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.endOffsetTotal("predict.topic") >= 1000);
            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        List<ConsumerRecord<String, String>> out = kafka.read("predict.topic", 1001, Duration.ofSeconds(3));
        assertThat(out).hasSize(1000);
        Set<Integer> seen = new HashSet<>();
        for (ConsumerRecord<String, String> r : out) {
            JsonNode e = JSON.readTree(r.value());
            int client = e.path("payload").path("client").asInt();
            seen.add(client);
            assertThat(e.path("payload").path("some_prediction_value").asDouble()).isEqualTo(0.5 + (client % 7) / 14.0);
            assertThat(e.path("metadata").path("id").asText()).isNotEmpty();
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void a_python_exception_is_dead_lettered_at_its_event_with_the_traceback() throws IOException {
        Path f = dir.resolve("picky.py");
        Files.writeString(f, """
                import json, ferry
                @ferry.register(app='picky-py', topics='picky.in', start='beginning',
                                output_schema={'picky.out': {'client': int}})
                def picky(messages):
                    clients = [json.loads(m)['client'] for m in messages]
                    for c in clients:
                        if c == 13:
                            raise ValueError('client 13 is not welcome')
                    return {'picky.out': [{'client': c} for c in clients]}
                """);
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("picky.in", 1);
        kafka.createTopic("picky.out", 1);
        kafka.createTopic("picky-py.dead-letter", 1);
        kafka.produce("picky.in", clients(0, 30));
        PlatformProfile profile = kafka.profile().toBuilder().set("poison-policy", "dead-letter")
                .set("retry.max-attempts", "2").set("retry.initial-backoff", "10ms").build();
        try (RunningApp running = FerryEngine.start(PythonApps.load(f, null, Map.of()), profile)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.endOffsetTotal("picky.out") >= 29);
            await().atMost(Duration.ofSeconds(10)).until(() -> running.status().deadLettered() == 1);
        }
        assertThat(kafka.read("picky.out", 30, Duration.ofSeconds(3))).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 30).filter(i -> i != 13)
                        .mapToObj(i -> "{\"client\":" + i + "}").toList());
        List<ConsumerRecord<String, String>> dead = kafka.read("picky-py.dead-letter", 2, Duration.ofSeconds(3));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{\"client\": 13}");
        String message = new String(dead.get(0).headers().lastHeader("ferry.error.message").value(),
                StandardCharsets.UTF_8);
        assertThat(message).contains("ValueError: client 13 is not welcome").contains("Traceback");
    }

    @Test
    void workers_killed_while_events_flow_lose_nothing() throws Exception {
        Path f = dir.resolve("pids.py");
        Files.writeString(f, """
                import json, os, time, ferry
                @ferry.register(app='pids-py', topics='pids.in', start='beginning', batch_size=20,
                                output_schema={'pids.out': {'client': int, 'pid': int}})
                def pids(messages):
                    time.sleep(0.005)
                    return {'pids.out': [{'client': json.loads(m)['client'], 'pid': os.getpid()} for m in messages]}
                """);
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("pids.in", 2);
        kafka.createTopic("pids.out", 2);
        int events = 3000;
        kafka.produce("pids.in", clients(0, events));
        PlatformProfile profile = kafka.profile().toBuilder().set("retry.initial-backoff", "10ms").build();
        Set<Long> killed = new HashSet<>();
        try (RunningApp running = FerryEngine.start(PythonApps.load(f, null, Map.of()), profile)) {
            for (int kill = 0; kill < 3; kill++) {
                long target = (long) (kill + 1) * events / 4;
                await().atMost(Duration.ofSeconds(60)).until(() -> kafka.endOffsetTotal("pids.out") >= target);
                long pid = ProcessHandle.current().children()
                        .filter(p -> p.info().commandLine().orElse("").contains("ferry.worker"))
                        .filter(p -> !killed.contains(p.pid())).findFirst().orElseThrow().pid();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killed.add(pid);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> distinctClients(kafka) == events);
            assertThat(running.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        Set<Long> pids = new HashSet<>();
        for (String v : kafka.readAllValues("pids.out", Duration.ofSeconds(3))) {
            pids.add(JSON.readTree(v).path("pid").asLong());
        }
        assertThat(pids).as("each kill was followed by a new worker").hasSizeGreaterThanOrEqualTo(4)
                .containsAll(killed);
    }

    private static int distinctClients(TestKafka kafka) throws IOException {
        Set<Integer> clients = new HashSet<>();
        for (String v : kafka.readAllValues("pids.out", Duration.ofSeconds(2))) {
            clients.add(JSON.readTree(v).path("client").asInt());
        }
        return clients.size();
    }
}
