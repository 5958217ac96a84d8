package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.hub.access.PasswordHash;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ferry hub: starts, prints its URL, serves the API, and stops cleanly. */
class HubCommandTest {

    private static final Pattern URL = Pattern.compile("Ferry hub at (http://127\\.0\\.0\\.1:\\d+) on the Kafka cluster at (\\S+)");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serves_the_topics_of_the_cluster_it_is_given_then_stops() throws Exception {
        String topic = kafka.uniqueTopic("hub-cli");
        kafka.createTopic(topic, 2);
        Running hub = start("hub", "--open", "--port", "0", "--bootstrap-server", kafka.bootstrapServers(), "--for", "10s");
        String url = hub.awaitUrl();
        assertThat(hub.out.toString()).contains("on the Kafka cluster at " + kafka.bootstrapServers()
                + " (from --bootstrap-server)");
        HttpResponse<String> topics = get(url + "/api/topics");
        assertThat(topics.statusCode()).isEqualTo(200);
        assertThat(topics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(topics.body()).contains("\"name\" : \"" + topic + "\"").contains("\"partitions\" : 2");
        assertThat(get(url + "/topics").body()).contains("data-topic=\"" + topic + "\"");
        hub.assertStopsCleanly();
    }

    @Test
    void with_no_cluster_configured_starts_the_dev_broker_and_serves_it() throws Exception {
        Running hub = start("hub", "--open", "--port", "0", "--for", "10s");
        String url = hub.awaitUrl();
        assertThat(hub.out.toString()).contains("(from the dev broker started here, data in .ferry/kafka)");
        assertThat(Files.readString(dir.resolve(".ferry/bootstrap")).strip()).isEqualTo(hub.cluster());
        HttpResponse<String> topics = get(url + "/api/topics");
        assertThat(topics.statusCode()).isEqualTo(200);
        assertThat(topics.body()).startsWith("[");
        hub.assertStopsCleanly();
        assertThat(dir.resolve(".ferry/bootstrap")).as("the dev broker stopped with the hub").doesNotExist();
    }

    @Test
    void a_bad_port_is_a_usage_error() {
        Cli.Result r = Cli.in(dir, Map.of()).run("hub", "--port", "70000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--port must be from 0 to 65535, got 70000");
    }

    @Test
    void a_port_in_use_is_named() throws Exception {
        Running first = start("hub", "--open", "--port", "0", "--bootstrap-server", kafka.bootstrapServers(), "--for", "10s");
        String port = first.awaitUrl().replaceAll(".*:", "");
        Cli.Result r = Cli.in(dir, Map.of()).run("hub", "--open", "--port", port, "--bootstrap-server", kafka.bootstrapServers());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the hub cannot serve on 127.0.0.1:" + port);
        first.assertStopsCleanly();
    }

    @Test
    void without_users_the_hub_refuses_to_start_unless_told_open() {
        Cli.Result r = Cli.in(dir, Map.of()).run("hub", "--port", "0", "--bootstrap-server", kafka.bootstrapServers());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the hub asks for a login and has no users").contains("--users FILE")
                .contains("--open");
        Cli.Result both = Cli.in(dir, Map.of()).run("hub", "--open", "--users", "users.txt");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--open and a users file (users.txt) contradict each other");
    }

    @Test
    void a_bad_users_file_is_named_with_its_line() throws Exception {
        Files.writeString(dir.resolve("users.txt"), "user alice admin hunter2\n");
        Cli.Result r = Cli.in(dir, Map.of()).run("hub", "--users", "users.txt", "--bootstrap-server",
                kafka.bootstrapServers());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("users.txt line 1").contains("plain-text passwords are not accepted");
    }

    @Test
    void with_a_users_file_pages_ask_for_a_login_and_the_api_for_credentials() throws Exception {
        String hash = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        Cli.Result token = Cli.in(dir, Map.of()).run("hub", "--new-token", "ci:viewer");
        assertThat(token.exitCode()).isEqualTo(0);
        Matcher t = Pattern.compile("token: (fhub_\\S+)").matcher(token.out());
        assertThat(t.find()).as(token.out()).isTrue();
        String line = token.out().lines().filter(l -> l.startsWith("users file line: ")).findFirst().orElseThrow()
                .substring("users file line: ".length());
        Files.writeString(dir.resolve("users.txt"), "user ada reader " + hash + "\n" + line + "\n");
        Running hub = start("hub", "--users", "users.txt", "--port", "0", "--bootstrap-server",
                kafka.bootstrapServers(), "--for", "10s");
        String url = hub.awaitUrl();
        assertThat(hub.out.toString()).contains("1 user(s), 1 token(s)");
        assertThat(get(url + "/api/topics").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get(url + "/topics");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Ftopics");
        assertThat(send(url + "/api/topics", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "ada:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
        assertThat(send(url + "/api/topics", "Bearer " + t.group(1)).statusCode()).isEqualTo(200);
        assertThat(send(url + "/api/audit", "Bearer " + t.group(1)).statusCode()).isEqualTo(403);
        hub.assertStopsCleanly();
    }

    @Test
    void hash_password_prints_a_hash_of_the_password_on_stdin() {
        StringWriter out = new StringWriter();
        CommandLine cmd = FerryCommand.commandLine(new FerryCommand(Map.of(), dir,
                new ByteArrayInputStream("s3cret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("hub", "--hash-password")).isEqualTo(0);
        String hash = out.toString().strip();
        assertThat(hash).startsWith("pbkdf2-sha256$600000$");
        assertThat(PasswordHash.matches("s3cret".toCharArray(), hash)).isTrue();
    }

    private HttpResponse<String> send(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The command on a thread of its own, its output readable while it runs. */
    private Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = FerryCommand.commandLine(new FerryCommand(Map.of(), dir, new ByteArrayInputStream(new byte[0])));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(cmd.execute(args)), "ferry-hub-under-test");
        t.setDaemon(true);
        t.start();
        return new Running(out, err, exit);
    }

    private record Running(StringWriter out, StringWriter err, CompletableFuture<Integer> exit) {
        String awaitUrl() {
            await().atMost(Duration.ofSeconds(60)).until(() -> URL.matcher(out.toString()).find() || exit.isDone());
            Matcher m = URL.matcher(out.toString());
            assertThat(m.find()).as("ferry hub printed no URL; out: " + out + " err: " + err).isTrue();
            return m.group(1);
        }

        void assertStopsCleanly() {
            assertThat(exit).succeedsWithin(Duration.ofSeconds(40)).isEqualTo(0);
            assertThat(out.toString()).endsWith("Ferry hub stopped" + System.lineSeparator());
        }

        String cluster() {
            Matcher m = URL.matcher(out.toString());
            assertThat(m.find()).isTrue();
            return m.group(2);
        }
    }
}
