package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.PlatformProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and its errors, where no Kafka broker is needed. */
class FerryCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    /** A cluster that is configured (so run starts no dev broker) but never reached by these tests. */
    private Cli cli() {
        return Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "localhost:1"));
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        Cli.Result r = cli().run("sail");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Unmatched argument at index 0: 'sail'" + NL);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void no_command_is_a_usage_error_that_suggests_the_demo() {
        Cli.Result r = cli().run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing a command: try 'ferry demo', or see the commands below" + NL
                + "Usage: ferry [-hV] [COMMAND]" + NL);
    }

    @Test
    void version_names_ferry_and_the_kafka_client() {
        Cli.Result r = cli().run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("ferry ").contains("Kafka clients 4.");
    }

    @Test
    void help_lists_every_command() {
        Cli.Result r = cli().run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("  run ", "  produce ", "  tail ", "  broker ", "  demo ");
    }

    @Test
    void run_of_a_java_file_with_a_compile_error_prints_what_javac_says() throws IOException {
        Path source = write("Broken.java", """
                public class Broken {
                    int x = 1
                }
                """);

        Cli.Result r = cli().run("run", "Broken.java");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(source + ":2: error: ';' expected" + NL
                + "    int x = 1" + NL
                + "             ^" + NL
                + "1 error" + NL);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void run_of_a_class_with_no_ferry_method_says_so_in_one_line() {
        Cli.Result r = cli().run("run", NotAnApp.class.getName());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: dev.ferry.cli.NotAnApp has no method annotated with @Ferry: annotate "
                + "the function to run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")" + NL);
    }

    @Test
    void run_of_an_unknown_class_says_what_to_name_instead() {
        Cli.Result r = cli().run("run", "com.example.Missing");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: class 'com.example.Missing' not found: name a .java file, a .jar, "
                + "or a class on --classpath" + NL);
    }

    @Test
    void run_of_a_missing_file_says_so() {
        Cli.Result r = cli().run("run", "Nowhere.java");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: Nowhere.java: no such file" + NL);
    }

    @Test
    void run_of_a_file_with_two_apps_lists_them_and_asks_for_one() throws IOException {
        write("Two.java", """
                import dev.ferry.api.Ferry;
                import java.util.List;

                public class Two {
                    @Ferry(app = "first", topics = "a")
                    public static void first(List<String> events) { }

                    @Ferry(app = "second", topics = "b")
                    public static void second(List<String> events) { }
                }
                """);

        Cli.Result r = cli().run("run", "Two.java");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: Two.java has 2 @Ferry apps; choose one with --app:" + NL
                + "  first  (Two#first)" + NL
                + "  second  (Two#second)" + NL);
    }

    @Test
    void run_with_an_unreachable_cluster_fails_within_the_startup_timeout_in_one_line() throws IOException {
        Path profile = write("unreachable.yaml", """
                startup-timeout: 2s
                kafka:
                  common:
                    bootstrap.servers: localhost:1
                """);

        Cli.Result r = Cli.in(dir, Map.of()).run("run", HelloApp.class.getName(), "--profile", "unreachable.yaml");

        // The cause is "no answer" when the engine's wait ran out, or the client's own timeout otherwise.
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("ferry: app 'cli-hello': cannot reach Kafka at 'localhost:1' (platform profile "
                        + profile + ") within 2s: ")
                .endsWith(". Check the address, that the cluster is up, and that its listener there speaks "
                        + "security.protocol PLAINTEXT (from the defaults): a TLS or SASL listener gives a client of "
                        + "another protocol no answer" + NL)
                .hasLineCount(1);
    }

    @Test
    void run_of_an_app_descriptor_file_starts_the_app_it_describes() throws IOException {
        write("unreachable.yaml", """
                startup-timeout: 2s
                kafka:
                  common:
                    bootstrap.servers: localhost:1
                """);
        write("hello.yaml", """
                app: yaml-hello
                topics: cli.hello
                function: {runtime: java, class: dev.ferry.cli.HelloApp, method: hello}
                """);

        Cli.Result r = Cli.in(dir, Map.of()).run("run", "hello.yaml", "--profile", "unreachable.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).as("the descriptor's app got as far as the cluster")
                .startsWith("ferry: app 'yaml-hello': cannot reach Kafka at 'localhost:1'");
    }

    @Test
    void run_of_an_app_descriptor_file_with_a_typo_names_the_file_and_the_key() throws IOException {
        Path file = write("typo.yaml", """
                app: yaml-hello
                topic: cli.hello
                function: {class: dev.ferry.cli.HelloApp, method: hello}
                """);

        Cli.Result r = cli().run("run", "typo.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: app descriptor " + file + ": unknown key 'topic'; known keys are app, "
                + "batch-size, concurrency, consumers, delivery, description, function, input-format, outputs, owner, "
                + "start, topics" + NL);
    }

    @Test
    void run_with_a_missing_profile_file_names_it() {
        Cli.Result r = cli().run("run", HelloApp.class.getName(), "--profile", "prod.yaml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: --profile prod.yaml: no such file (" + dir.resolve("prod.yaml") + ")" + NL);
    }

    @Test
    void run_with_dev_mode_off_and_no_cluster_is_refused_naming_the_setting() throws IOException {
        Path profile = write("ferry.yaml", "dev-mode: false\nguarantee: at-least-once\n");

        Cli.Result r = Cli.in(dir, Map.of()).run("run", HelloApp.class.getName());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: no Kafka cluster configured: the platform profile sets dev-mode (platform "
                + "profile " + profile + ") but not kafka.common.bootstrap.servers. Set it (in ferry.yaml, or "
                + "FERRY_KAFKA_BOOTSTRAP_SERVERS) to run on that cluster, or set dev-mode: true to run on an embedded "
                + "dev broker; ferry run starts one unasked only when there is no profile at all" + NL);
        assertThat(dir.resolve(".ferry")).as("no dev broker was started").doesNotExist();
    }

    @Test
    void run_uses_the_dev_broker_with_no_profile_or_with_dev_mode_and_no_cluster_settings() {
        assertThat(RunCommand.onDevBroker(PlatformProfile.builder().build())).as("no profile at all").isTrue();
        assertThat(RunCommand.onDevBroker(PlatformProfile.builder().set("dev-mode", "true")
                .set("guarantee", "exactly-once").build())).as("dev-mode: true").isTrue();
        assertThat(RunCommand.onDevBroker(PlatformProfile.builder().bootstrapServers("b:9092").set("dev-mode", "true")
                .build())).as("dev mode on a cluster of the profile's").isFalse();
    }

    @Test
    void the_demo_refuses_a_profile_that_configures_a_cluster() throws IOException {
        write("Predict.java", "public class Predict { }\n");

        Cli.Result r = cli().run("demo", "--source", "Predict.java");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: the demo runs on an embedded broker of its own, but the platform profile "
                + "sets kafka.common.bootstrap.servers (environment variable FERRY_KAFKA_BOOTSTRAP_SERVERS), which is "
                + "about a real cluster: run the demo without it (in another directory, without FERRY_KAFKA_* "
                + "and FERRY_SECURITY_* variables)" + NL);
    }

    @Test
    void produce_with_cluster_settings_but_no_address_says_so_rather_than_using_the_dev_broker() throws IOException {
        write("events.jsonl", "{\"n\": 1}\n");
        Files.createDirectories(dir.resolve(".ferry"));
        write(".ferry/bootstrap", "localhost:1\n");

        Cli.Result r = Cli.in(dir, Map.of("FERRY_KAFKA_SECURITY_PROTOCOL", "SSL"))
                .run("produce", "some.topic", "--file", "events.jsonl");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("ferry: no Kafka cluster configured (the profile sets "
                + "kafka.common.security.protocol, from environment variable FERRY_KAFKA_SECURITY_PROTOCOL, so it is "
                + "about a cluster, and no embedded dev broker stands in for it)");
    }

    @Test
    void produce_with_no_cluster_anywhere_says_how_to_get_one() throws IOException {
        write("events.jsonl", "{\"n\": 1}\n");

        Cli.Result r = Cli.in(dir, Map.of()).run("produce", "some.topic", "--file", "events.jsonl");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: no Kafka cluster: start one with `ferry run ...` or `ferry broker`, "
                + "or set FERRY_KAFKA_BOOTSTRAP_SERVERS" + NL);
    }

    @Test
    void produce_with_a_dev_broker_address_that_no_longer_answers_says_so_at_once() throws IOException {
        Files.createDirectories(dir.resolve(".ferry"));
        write(".ferry/bootstrap", "localhost:1\n");

        Cli.Result r = Cli.in(dir, Map.of()).run("tail", "some.topic");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: no Kafka cluster: start one with `ferry run ...` or `ferry broker`, "
                + "or set FERRY_KAFKA_BOOTSTRAP_SERVERS (.ferry/bootstrap names localhost:1, but no broker answers "
                + "there any more)" + NL);
    }

    @Test
    void tail_rejects_a_duration_it_cannot_read() {
        Cli.Result r = cli().run("tail", "some.topic", "--timeout", "soon");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for option '--timeout': expected a duration such as 500ms, "
                + "30s, 2m or 1h, got 'soon'" + NL);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
