package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.examples.HelloWorld;
import dev.ferry.examples.PredictFoo;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The talk's two examples, run by the engine on a real broker and checked from the outside. */
class ExamplesEndToEndTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The talk's output schema, written out by hand: independent of the engine's own derivation. */
    private static final String PREDICTION_SCHEMA = """
            {"type": "object", "required": ["metadata", "payload"], "properties": {
              "metadata": {"type": "object", "required": ["timestamp", "id", "version"], "properties": {
                "timestamp": {"type": "string"}, "id": {"type": "string"}, "version": {"type": "string"}}},
              "payload": {"type": "object", "required": ["some_prediction_value", "client"], "properties": {
                "some_prediction_value": {"type": "number"}, "client": {"type": "integer"}}}}}
            """;

    @Test
    void hello_world_greets_every_event_once_in_order_and_commits_them() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("some.topic", 1);
        kafka.produce("some.topic", IntStream.range(0, 20).mapToObj(i -> "{\"hello\": " + i + "}").toList());

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (RunningApp app = kafka.start(HelloWorld.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> kafka.committedOffsets("hello-world").values()
                    .stream().mapToLong(Long::longValue).sum() == 20);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
            assertThat(app.status().emitted()).isZero();
        } finally {
            System.setOut(original);
        }
        // Once the app is closed nothing more prints: every greeting is in, and a repeated one would show.
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Hello world")))
                .containsExactlyElementsOf(IntStream.range(0, 20)
                        .mapToObj(i -> "Hello world, I have consumed {\"hello\": " + i + "}").toList());
    }

    @Test
    void the_prediction_example_emits_one_valid_prediction_per_client() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("client.signed_up", 3);
        kafka.createTopic("predict.topic", 3);
        int n = 1000;
        kafka.produce("client.signed_up", IntStream.range(0, n)
                .mapToObj(i -> "{\"client\": " + i + ", \"email\": \"c" + i + "@example.com\"}").toList());

        try (RunningApp app = kafka.start(PredictFoo.class)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.status().consumed() == n);
        }

        List<String> outputs = kafka.readAllValues("predict.topic", Duration.ofSeconds(30));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(PREDICTION_SCHEMA);
        Set<Integer> clients = new HashSet<>();
        for (String value : outputs) {
            JsonNode event = JSON.readTree(value);
            assertThat(schema.validate(event)).as("schema errors of %s", value).isEmpty();
            clients.add(event.get("payload").get("client").asInt());
        }
        assertThat(outputs).as("the whole topic: one output per client, no more").hasSize(n);
        assertThat(clients).hasSize(n).containsAll(IntStream.range(0, n).boxed().toList());
        assertThat(kafka.committedOffsets("predict-foo").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);
    }
}
