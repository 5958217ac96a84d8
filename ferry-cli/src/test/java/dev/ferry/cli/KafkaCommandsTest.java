package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** produce, tail and run against a real Kafka broker. */
class KafkaCommandsTest {

    private static final String NL = System.lineSeparator();

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private Cli cli() {
        return Cli.in(dir, Map.of());
    }

    @Test
    void produce_then_tail_round_trips_events_with_their_keys() throws IOException {
        String topic = kafka.uniqueTopic("signups");
        kafka.createTopic(topic, 1);
        write("events.jsonl", """
                {"client": 1, "email": "a@b.c"}

                {"client": 2, "email": "d@e.f"}
                """);

        Cli.Result produced = cli().run("produce", topic, "--file", "events.jsonl", "--key-field", "client",
                "--bootstrap-server", kafka.bootstrapServers());
        Cli.Result tailed = cli().run("tail", topic, "--from-beginning", "--max", "2", "--keys",
                "--bootstrap-server", kafka.bootstrapServers());

        assertThat(produced.exitCode()).isZero();
        assertThat(produced.out()).isEqualTo("produced 2 events to " + topic + NL);
        assertThat(tailed.exitCode()).isZero();
        assertThat(tailed.out()).isEqualTo("1\t{\"client\": 1, \"email\": \"a@b.c\"}\n"
                + "2\t{\"client\": 2, \"email\": \"d@e.f\"}\n");
        assertThat(kafka.client().readAll(topic, Duration.ofSeconds(10)))
                .as("the whole topic: tail stopped at --max 2, so a third event would only show here")
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("1", "{\"client\": 1, \"email\": \"a@b.c\"}"),
                        tuple("2", "{\"client\": 2, \"email\": \"d@e.f\"}"));
    }

    @Test
    void produce_rejects_a_bad_json_line_by_its_number_and_sends_nothing() throws IOException {
        String topic = kafka.uniqueTopic("signups");
        kafka.createTopic(topic, 1);
        write("events.jsonl", """
                {"client": 1}
                {"client": 2}
                {"client": 3,}
                """);

        Cli.Result produced = cli().run("produce", topic, "--file", "events.jsonl",
                "--bootstrap-server", kafka.bootstrapServers());

        assertThat(produced.exitCode()).isEqualTo(1);
        assertThat(produced.err()).isEqualTo("ferry: line 3: not valid JSON: Unexpected character ('}' (code 125)): "
                + "was expecting double-quote to start field name (column 14); nothing was sent" + NL);
        // The command has closed its producer, so anything it sent is on the broker by now.
        assertThat(kafka.client().endOffsetTotal(topic)).as("events on the topic").isZero();
    }

    @Test
    void produce_to_a_missing_topic_of_a_real_cluster_names_it_and_creates_nothing() throws IOException {
        String topic = kafka.uniqueTopic("missing");
        write("events.jsonl", "{\"n\": 1}\n");

        Cli.Result r = cli().run("produce", topic, "--file", "events.jsonl", "--bootstrap-server", kafka.bootstrapServers());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: topic '" + topic + "' does not exist on '" + kafka.bootstrapServers()
                + "' (from --bootstrap-server): create it first (the platform team owns partitioning)" + NL);
    }

    @Test
    void run_of_a_single_java_file_processes_events_until_max_events() throws IOException {
        String in = kafka.uniqueTopic("names");
        String out = kafka.uniqueTopic("greetings");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        write("Greeter.java", """
                import dev.ferry.api.Ferry;
                import dev.ferry.api.Output;
                import dev.ferry.api.Start;
                import java.util.List;

                public class Greeter {
                    public record Name(String name) { }
                    public record Greeting(String text) { }

                    @Ferry(app = "greeter-%s", topics = "%s", start = Start.BEGINNING,
                           outputs = @Output(topic = "%s", schema = Greeting.class))
                    public static List<Greeting> greet(List<Name> names) {
                        return names.stream().map(n -> new Greeting("Hello, " + n.name())).toList();
                    }
                }
                """.formatted(in, in, out));
        write("names.jsonl", "{\"name\": \"Ada\"}\n{\"name\": \"Grace\"}\n{\"name\": \"Barbara\"}\n");
        Cli cli = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        assertThat(cli.run("produce", in, "--file", "names.jsonl").exitCode()).isZero();

        Cli.Result run = cli.run("run", "Greeter.java", "--max-events", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("app 'greeter-" + in + "' running: topics " + in + " -> " + out
                        + " until 3 events are consumed" + NL)
                .containsPattern("first event processed \\d+ ms after start")
                .endsWith("app 'greeter-" + in + "' consumed 3 events and emitted 3; stopping" + NL);
        assertThat(kafka.client().readAllValues(out, Duration.ofSeconds(10))).as("the whole output topic")
                .containsExactlyInAnyOrder("{\"text\":\"Hello, Ada\"}", "{\"text\":\"Hello, Grace\"}",
                        "{\"text\":\"Hello, Barbara\"}");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
