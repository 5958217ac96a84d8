package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void run_of_a_python_file_processes_events_until_max_events() throws IOException {
        String in = kafka.uniqueTopic("names");
        String out = kafka.uniqueTopic("greetings");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        write("greeter.py", """
                import json
                import ferry

                @ferry.register(app='py-greeter-%s', topics='%s', start='beginning',
                                output_schema={'%s': {'text': str}})
                def greet(messages):
                    print('greeting', len(messages))
                    return {'%s': [{'text': 'Hello, ' + json.loads(m)['name']} for m in messages]}
                """.formatted(in, in, out, out));
        write("names.jsonl", "{\"name\": \"Ada\"}\n{\"name\": \"Grace\"}\n{\"name\": \"Barbara\"}\n");
        Cli cli = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        assertThat(cli.run("produce", in, "--file", "names.jsonl").exitCode()).isZero();

        Cli.Result run = cli.run("run", "greeter.py", "--max-events", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("app 'py-greeter-" + in + "' running: topics " + in + " -> " + out
                        + " until 3 events are consumed" + NL)
                .endsWith("app 'py-greeter-" + in + "' consumed 3 events and emitted 3; stopping" + NL);
        assertThat(kafka.client().readAllValues(out, Duration.ofSeconds(10))).as("the whole output topic")
                .containsExactlyInAnyOrder("{\"text\":\"Hello, Ada\"}", "{\"text\":\"Hello, Grace\"}",
                        "{\"text\":\"Hello, Barbara\"}");
    }

    @Test
    void run_of_a_python_file_that_does_not_import_says_why_with_the_traceback() throws IOException {
        write("broken.py", "import ferry\nimport no_such_module_here\n");

        Cli.Result r = runReturning(cli(), "run", "broken.py", "--max-events", "1");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("broken.py cannot be imported: ModuleNotFoundError: No module named "
                + "'no_such_module_here'").contains("Traceback");
    }

    /** A Java file of an app that greets names, reading {@code in} and writing {@code out}. */
    private void greeter(String in, String out) throws IOException {
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
    }

    /**
     * Runs the command on a thread of its own and returns what it printed, failing if it has not
     * returned within a minute: a run that started an app would go on until stopped.
     */
    private static Cli.Result runReturning(Cli cli, String... args) {
        CompletableFuture<Cli.Result> run = new CompletableFuture<>();
        Thread t = new Thread(() -> run.complete(cli.run(args)), "ferry-run-under-test");
        t.setDaemon(true);
        t.start();
        assertThat(run).as("ferry run returned instead of running an app").succeedsWithin(Duration.ofMinutes(1));
        return run.join();
    }

    private static final String LET_THROUGH = " A plug-in's own property (an interceptor's or a metrics reporter's) "
            + "is let through when its prefix is in unchecked-kafka-prefixes";

    @Test
    void run_with_a_misspelt_cluster_address_in_ferry_yaml_names_the_right_one_and_starts_no_dev_broker()
            throws IOException {
        String in = kafka.uniqueTopic("names");
        kafka.createTopic(in, 1);
        greeter(in, in + ".out");
        Path profile = write("ferry.yaml", "kafka:\n  common:\n    bootstrap.server: " + kafka.bootstrapServers() + "\n");

        Cli.Result r = runReturning(cli(), "run", "Greeter.java", "--max-events", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: platform profile " + profile + ": kafka.common.bootstrap.server: no Kafka "
                + "client has a property 'bootstrap.server'; did you mean 'bootstrap.servers'?" + LET_THROUGH + NL);
        assertThat(dir.resolve(".ferry")).as("no dev broker was started").doesNotExist();
    }

    @Test
    void run_with_a_misspelt_cluster_variable_names_the_right_one_and_starts_no_dev_broker() throws IOException {
        String in = kafka.uniqueTopic("names");
        kafka.createTopic(in, 1);
        greeter(in, in + ".out");
        Cli cli = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVER", kafka.bootstrapServers()));

        Cli.Result r = runReturning(cli, "run", "Greeter.java", "--max-events", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: environment variable FERRY_KAFKA_BOOTSTRAP_SERVER: "
                + "kafka.common.bootstrap.server: no Kafka client has a property 'bootstrap.server'; did you mean "
                + "'bootstrap.servers' (FERRY_KAFKA_BOOTSTRAP_SERVERS)?" + LET_THROUGH + NL);
        assertThat(dir.resolve(".ferry")).as("no dev broker was started").doesNotExist();
    }

    @Test
    void run_with_cluster_settings_but_no_address_says_so_and_starts_no_dev_broker() throws IOException {
        greeter("names", "greetings");
        Cli cli = Cli.in(dir, Map.of("FERRY_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"));

        Cli.Result r = runReturning(cli, "run", "Greeter.java", "--max-events", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: no Kafka cluster configured (the profile sets "
                + "kafka.common.security.protocol, from environment variable FERRY_KAFKA_SECURITY_PROTOCOL, so it is "
                + "about a cluster, and no embedded dev broker stands in for it): set kafka.common.bootstrap.servers in "
                + "ferry.yaml or FERRY_KAFKA_BOOTSTRAP_SERVERS" + NL);
        assertThat(dir.resolve(".ferry")).as("no dev broker was started").doesNotExist();
    }

    @Test
    void run_with_a_profile_that_names_no_cluster_and_asks_for_no_dev_mode_is_refused() throws IOException {
        greeter("names", "greetings");
        Path profile = write("ferry.yaml", "guarantee: exactly-once\n");

        Cli.Result r = runReturning(cli(), "run", "Greeter.java", "--max-events", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: no Kafka cluster configured: the platform profile sets guarantee "
                + "(platform profile " + profile + ") but not kafka.common.bootstrap.servers. Set it (in ferry.yaml, or "
                + "FERRY_KAFKA_BOOTSTRAP_SERVERS) to run on that cluster, or set dev-mode: true to run on an embedded "
                + "dev broker; ferry run starts one unasked only when there is no profile at all" + NL);
        assertThat(dir.resolve(".ferry")).as("no dev broker was started").doesNotExist();
    }

    /** The README's five minutes: no profile at all is dev mode on the dev broker, here the one .ferry/bootstrap names. */
    @Test
    void run_with_no_profile_at_all_runs_in_dev_mode_on_the_dev_broker() throws IOException {
        String in = kafka.uniqueTopic("names");
        String out = kafka.uniqueTopic("greetings");
        kafka.createTopic(in, 1);
        kafka.client().produce(in, List.of("{\"name\": \"Ada\"}", "{\"name\": \"Grace\"}"));
        greeter(in, out);
        Files.createDirectories(dir.resolve(".ferry"));
        write(".ferry/bootstrap", kafka.bootstrapServers() + "\n");

        Cli.Result r = runReturning(cli(), "run", "Greeter.java", "--max-events", "2");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Using the dev Kafka broker at " + kafka.bootstrapServers() + " (from .ferry/bootstrap)"
                + NL);
        assertThat(kafka.client().readAllValues(out, Duration.ofSeconds(10)))
                .as("the whole output topic, which dev mode created").containsExactlyInAnyOrder(
                        "{\"text\":\"Hello, Ada\"}", "{\"text\":\"Hello, Grace\"}");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
