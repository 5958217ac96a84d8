package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.SecureBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @BeforeAll
    static void start() {
        broker = SecureBroker.start(certificates, PASSWORD);
        PlatformProfile.Builder b = PlatformProfile.builder();
        broker.saslProfile().forEach(b::set);
        new TestKafka(b.build()).produce("cli.secure.in", List.of("{\"n\": 1}", "{\"n\": 2}"));
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
}
