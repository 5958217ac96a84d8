package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.SecureBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's tools on a SASL_SSL cluster: the profile's {@code security.*} keys, from ferry.yaml or
 * {@code FERRY_SECURITY_*} variables, apply to every client a command makes, also with
 * {@code --bootstrap-server}; no output shows the password, and a wrong one is a clear error.
 */
class SecureClusterCommandsTest {

    static final String PASSWORD = "s3cr3t-Zq9-cli-" + Long.toHexString(System.nanoTime());
    static final String NL = System.lineSeparator();

    @TempDir
    static Path certificates;
    @TempDir
    Path dir;

    static SecureBroker broker;
    static PlatformProfile cluster;

    public static class Counter {
        @Ferry(app = "cli-secure-counter", topics = "cli.secure.in", start = Start.BEGINNING)
        public static void count(List<String> events) {
        }
    }

    @BeforeAll
    static void start() {
        broker = SecureBroker.start(certificates, PASSWORD);
        PlatformProfile.Builder b = PlatformProfile.builder();
        broker.saslProfile().forEach(b::set);
        cluster = b.build();
        new TestKafka(cluster).produce("cli.secure.in", List.of("{\"n\": 1}", "{\"n\": 2}"));
        broker.broker().createTopic("cli.secure.produced", 1);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private void profileFile(Map<String, String> keys) throws IOException {
        StringBuilder yaml = new StringBuilder();
        keys.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
        Files.writeString(dir.resolve("ferry.yaml"), yaml.toString());
    }

    @Test
    void produce_and_tail_reach_the_cluster_over_sasl_ssl_with_the_profile_of_ferry_yaml() throws IOException {
        profileFile(broker.saslProfile());
        Files.writeString(dir.resolve("events.jsonl"), "{\"client\": 7}\n");

        Cli.Result produced = Cli.in(dir, Map.of()).run("produce", "cli.secure.produced", "--file", "events.jsonl");
        Cli.Result tailed = Cli.in(dir, Map.of()).run("tail", "cli.secure.produced", "--from-beginning", "--max", "1");

        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.out()).isEqualTo("produced 1 events to cli.secure.produced" + NL);
        assertThat(tailed.exitCode()).as(tailed.err()).isZero();
        assertThat(tailed.out()).isEqualTo("{\"client\": 7}\n");
        for (Cli.Result r : List.of(produced, tailed)) {
            assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void topics_with_bootstrap_server_uses_the_security_of_the_environment_variables() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FERRY_SECURITY_PROTOCOL", "sasl_ssl");
        env.put("FERRY_SECURITY_SASL_USERNAME", SecureBroker.USER);
        env.put("FERRY_SECURITY_SASL_PASSWORD_ENV", "KAFKA_PASSWORD");
        env.put("KAFKA_PASSWORD", PASSWORD);
        env.put("FERRY_SECURITY_TLS_TRUSTSTORE", broker.certificates().caPem().toString());

        Cli.Result r = Cli.in(dir, env).run("topics", "-b", broker.bootstrapServers(SecureBroker.SASL));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("TOPIC").contains("cli.secure.in").doesNotContain(PASSWORD);
    }

    @Test
    void tail_with_a_wrong_password_fails_with_the_authentication_error_and_not_the_password() throws IOException {
        String wrong = "s3cr3t-Zq9-cli-wrong";
        Path file = Files.writeString(dir.resolve("wrong.password"), wrong);
        Map<String, String> keys = new LinkedHashMap<>(broker.saslProfile());
        keys.put("security.sasl.password-file", file.toString());
        keys.put("startup-timeout", "5s");
        profileFile(keys);

        Cli.Result r = Cli.in(dir, Map.of()).run("tail", "cli.secure.in", "--from-beginning", "--max", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Authentication failed").contains("SCRAM-SHA-512")
                .doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void lag_status_and_apps_read_a_running_apps_group_reports_and_announcement_over_sasl_ssl() throws IOException {
        profileFile(broker.saslProfile());
        TestKafka kafka = new TestKafka(cluster);
        try (RunningApp app = kafka.start(Counter.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("cli-secure-counter").values()
                    .stream().mapToLong(Long::longValue).sum() == 2);
            Cli.Result lag = Cli.in(dir, Map.of()).run("lag", "cli-secure-counter");
            Cli.Result status = Cli.in(dir, Map.of()).run("status", "cli-secure-counter", "--window", "100ms");
            await().atMost(Duration.ofSeconds(30)).until(() -> Cli.in(dir, Map.of()).run("apps").out()
                    .contains("cli-secure-counter"));
            Cli.Result apps = Cli.in(dir, Map.of()).run("apps");

            assertThat(lag.exitCode()).as(lag.err()).isZero();
            assertThat(lag.out()).startsWith("app 'cli-secure-counter': group STABLE, 1 member(s)");
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).startsWith("OK: nothing waits");
            assertThat(apps.exitCode()).as(apps.err()).isZero();
            for (Cli.Result r : List.of(lag, status, apps)) {
                assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void the_demo_refuses_a_security_protocol_as_it_refuses_a_cluster() throws IOException {
        Files.writeString(dir.resolve("Predict.java"), "class Predict { }\n"); // refused before it is compiled
        Cli.Result r = Cli.in(dir, Map.of("FERRY_SECURITY_PROTOCOL", "ssl")).run("demo", "--source", "Predict.java");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the platform profile sets security.protocol (environment variable "
                + "FERRY_SECURITY_PROTOCOL), which is about a real cluster");
    }
}
