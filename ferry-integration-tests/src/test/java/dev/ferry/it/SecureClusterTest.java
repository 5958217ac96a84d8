package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.SecureBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps on a secured cluster, configured by the profile's {@code security.*} keys alone: over
 * SASL_SSL with SCRAM-SHA-512, over TLS, and over mutual TLS (PEM and PKCS12), each consuming,
 * writing back and committing end to end; and the clear errors of a plaintext client, a wrong
 * password and a missing password file. One broker ({@link SecureBroker}) with a listener for each.
 */
class SecureClusterTest {

    static final String PASSWORD = "s3cr3t-Zq9-cluster-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path certificates;
    @TempDir
    Path dir;

    static SecureBroker broker;

    public record Echo(int id) { }

    public static class Sasl {
        @Ferry(app = "secure-sasl", topics = "secure.sasl.in", start = Start.BEGINNING,
                outputs = @Output(topic = "secure.sasl.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Tls {
        @Ferry(app = "secure-tls", topics = "secure.tls.in", start = Start.BEGINNING,
                outputs = @Output(topic = "secure.tls.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Mtls {
        @Ferry(app = "secure-mtls", topics = "secure.mtls.in", start = Start.BEGINNING,
                outputs = @Output(topic = "secure.mtls.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class MtlsStores {
        @Ferry(app = "secure-mtls-p12", topics = "secure.p12.in", start = Start.BEGINNING,
                outputs = @Output(topic = "secure.p12.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    @BeforeAll
    static void startTheSecuredBroker() {
        broker = SecureBroker.start(certificates, PASSWORD);
    }

    @AfterAll
    static void stopIt() {
        broker.close();
    }

    static PlatformProfile profile(Map<String, String> keys) {
        PlatformProfile.Builder b = PlatformProfile.builder();
        keys.forEach((k, v) -> b.set(k, v, "platform profile ferry.yaml"));
        return b.build();
    }

    /** Produces over the profile's own security, runs the app, and checks outputs and the committed offsets. */
    private static void runsEndToEnd(Map<String, String> keys, Class<?> app, String in, String out) {
        TestKafka kafka = new TestKafka(profile(keys));
        kafka.produce(in, List.of("{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}"));
        try (RunningApp running = kafka.start(app)) {
            await().atMost(WAIT).until(() -> kafka.readAllValues(out, WAIT).size() == 3);
            assertThat(kafka.readAllValues(out, WAIT)).containsExactly("{\"id\":1}", "{\"id\":2}", "{\"id\":3}");
            String group = running.descriptor().name();
            await().atMost(WAIT).until(() -> kafka.committedOffsets(group).getOrDefault(new TopicPartition(in, 0), 0L) == 3L);
        }
    }

    @Test
    void an_app_consumes_writes_back_and_commits_over_sasl_ssl_with_scram_sha_512() {
        runsEndToEnd(broker.saslProfile(), Sasl.class, "secure.sasl.in", "secure.sasl.out");
    }

    @Test
    void an_app_consumes_writes_back_and_commits_over_tls() {
        runsEndToEnd(broker.tlsProfile(), Tls.class, "secure.tls.in", "secure.tls.out");
    }

    @Test
    void an_app_consumes_writes_back_and_commits_over_mutual_tls_with_a_pem_certificate_and_key() {
        runsEndToEnd(broker.mtlsProfile(), Mtls.class, "secure.mtls.in", "secure.mtls.out");
    }

    @Test
    void an_app_consumes_writes_back_and_commits_over_mutual_tls_with_pkcs12_stores() {
        runsEndToEnd(broker.mtlsKeystoreProfile(), MtlsStores.class, "secure.p12.in", "secure.p12.out");
    }

    @Test
    void without_a_client_certificate_the_mutual_tls_listener_refuses_the_app_at_start() {
        Map<String, String> keys = new java.util.LinkedHashMap<>(broker.tlsProfile());
        keys.put("kafka.common.bootstrap.servers", broker.bootstrapServers(SecureBroker.MTLS));
        Throwable t = catchThrowable(() -> FerryEngine.start(AppDescriptor.of(Mtls.class), short_(profile(keys))));
        assertThat(t).hasMessageStartingWith("app 'secure-mtls': cannot reach Kafka at '"
                        + broker.bootstrapServers(SecureBroker.MTLS) + "' (platform profile ferry.yaml) within 5s: "
                        + "SslAuthenticationException: ")
                .hasMessageEndingWith(". The TLS handshake failed: check that the trust store (security.tls.truststore, "
                        + "from platform profile ferry.yaml) holds the CA of the broker's certificate, that the certificate "
                        + "names the host (or set security.tls.endpoint-identification: none), and, where the listener "
                        + "requires a client certificate, security.tls.certificate and security.tls.key or "
                        + "security.tls.keystore");
    }

    @Test
    void a_plaintext_client_on_the_sasl_ssl_listener_fails_at_start_saying_it_cannot_reach_the_cluster() {
        PlatformProfile plain = short_(PlatformProfile.builder()
                .bootstrapServers(broker.bootstrapServers(SecureBroker.SASL)).build());
        Throwable t = catchThrowable(() -> FerryEngine.start(AppDescriptor.of(Sasl.class), plain));
        // the cause is "no answer" when the engine's wait ran out, or the client's own timeout otherwise
        assertThat(t).hasMessageStartingWith("app 'secure-sasl': cannot reach Kafka at '"
                        + broker.bootstrapServers(SecureBroker.SASL) + "' (code) within 5s: ")
                .hasMessageEndingWith(". Check the address, that the cluster is up, and that its listener there speaks "
                        + "security.protocol PLAINTEXT (from the defaults): a TLS or SASL listener gives a client of "
                        + "another protocol no answer");
    }

    @Test
    void a_wrong_password_fails_at_start_with_an_authentication_error_that_does_not_show_it() throws Exception {
        String wrong = "s3cr3t-Zq9-wrong-" + Long.toHexString(System.nanoTime());
        Path file = Files.writeString(dir.resolve("wrong.password"), wrong);
        Map<String, String> keys = new java.util.LinkedHashMap<>(broker.saslProfile());
        keys.put("security.sasl.password-file", file.toString());
        Throwable t = catchThrowable(() -> FerryEngine.start(AppDescriptor.of(Sasl.class), short_(profile(keys))));
        assertThat(t).hasMessage("app 'secure-sasl': cannot reach Kafka at '" + broker.bootstrapServers(SecureBroker.SASL)
                + "' (platform profile ferry.yaml) within 5s: SaslAuthenticationException: Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512. The cluster refused the "
                + "SASL login of user 'ferry-app' (security.sasl.username, from platform profile ferry.yaml; its password "
                + "from security.sasl.password-file, from platform profile ferry.yaml): check the user and its password");
        assertThat(SecretScan.everything(t)).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void a_missing_password_file_fails_at_start_naming_the_key_and_its_source() {
        Map<String, String> keys = new java.util.LinkedHashMap<>(broker.saslProfile());
        keys.put("security.sasl.password-file", dir.resolve("absent").toString());
        Throwable t = catchThrowable(() -> FerryEngine.start(AppDescriptor.of(Sasl.class), short_(profile(keys))));
        assertThat(t).hasMessage("platform profile ferry.yaml: security.sasl.password-file: cannot read '"
                + dir.resolve("absent") + "' (no such file)");
    }

    static PlatformProfile short_(PlatformProfile p) {
        return p.toBuilder().set("startup-timeout", "5s").build();
    }
}
