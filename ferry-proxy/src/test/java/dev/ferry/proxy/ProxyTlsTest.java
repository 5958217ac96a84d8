package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.StartupException;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import dev.ferry.proxy.client.ProxySinkProvider;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy over TLS and mutual TLS, with certificates the test makes ({@link TestCertificates}),
 * seen from the write-back plug-in's sink against a real proxy and broker: a token app writes over
 * TLS, an app authenticates by its client certificate's subject alone, a proxy certificate of
 * another CA and a certificate subject the config does not list stop the start with a sentence.
 */
class ProxyTlsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final AtomicInteger APPS = new AtomicInteger();

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();
    private TestCertificates certs;

    @BeforeEach
    void certificates() {
        certs = TestCertificates.create(dir.resolve("tls"));
    }

    private static String app() {
        return "tls-app-" + APPS.incrementAndGet();
    }

    private String tls(String clientAuth) {
        return "tls:\n  certificate: " + certs.serverCertificatePem() + "\n  key: " + certs.serverKeyPem() + "\n"
                + (clientAuth.equals("none") ? "" : "  client-ca: " + certs.caPem() + "\n  client-auth: " + clientAuth + "\n");
    }

    /** Announces {@code app} writing {@code out}, and returns the topic, made. */
    private String announced(String app) {
        String out = KAFKA.uniqueTopic("out");
        kafka.createTopic(out, 1);
        Instant now = Instant.now();
        kafka.produce("ferry.apps", List.of(new AppAnnouncement(AppAnnouncement.VERSION, app, "", "", "", app + "-0",
                "host", 1, List.of("in"), "json", List.of(new AppAnnouncement.Output(out, "json", "json-schema",
                "{\"type\": \"object\"}")), "at-least-once", "proxy", "", "", now, now, false).toJson()));
        return out;
    }

    private static Sink sink(String app, Map<String, String> settings) {
        return new ProxySinkProvider().create(TestSinkContext.of(app, settings));
    }

    private static void writeOne(Sink sink, String topic) throws Exception {
        Event in = Event.of("in", 0, 7, 0, null, "{}".getBytes(StandardCharsets.UTF_8), List.of());
        sink.write(new SinkBatch(List.of(new OutputRecord(topic, 0, null, "{\"n\": 1}".getBytes(StandardCharsets.UTF_8),
                Map.of(), 0)), List.of(in))).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_token_app_writes_over_tls() throws Exception {
        String app = app();
        String out = announced(app);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), tls("none"));
             Sink sink = sink(app, Map.of("address", proxy.server.address(), "token-file",
                     dir.resolve(app + ".token").toString(), "tls.ca", certs.caPem().toString()))) {
            writeOne(sink, out);
        }
        assertThat(kafka.readAllValues(out, java.time.Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void a_proxy_certificate_of_another_ca_stops_the_start_naming_the_handshake_and_the_ca_file() throws Exception {
        String app = app();
        announced(app);
        TestCertificates other = TestCertificates.create(dir.resolve("other"));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), tls("none"))) {
            assertThatThrownBy(() -> sink(app, Map.of("address", proxy.server.address(), "token-file",
                    dir.resolve(app + ".token").toString(), "tls.ca", other.caPem().toString())).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("app '" + app + "': the write-back proxy at " + proxy.server.address()
                            + " (from platform profile ferry.yaml: plugins.proxy.address): the TLS handshake failed: ")
                    .hasMessageContaining("the proxy's certificate must be issued by the CA in plugins.proxy.tls.ca "
                            + other.caPem());
        }
    }

    @Test
    void mutual_tls_authenticates_an_app_by_its_certificate_subject_without_a_token() throws Exception {
        String app = app();
        String out = announced(app);
        Path cert = certs.clientCertificate(app, "CN=" + app + ",O=Ferry Test");
        Map<String, String> settings = new HashMap<>(Map.of("tls.ca", certs.caPem().toString(),
                "tls.certificate", cert.toString(), "tls.key", cert.resolveSibling(app + ".key").toString()));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(),
                Map.of(app, "CN=" + app + ", O=Ferry Test"), tls("require"))) {
            settings.put("address", proxy.server.address());
            try (Sink sink = sink(app, settings)) {
                writeOne(sink, out);
            }
        }
        assertThat(kafka.readAllValues(out, java.time.Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void a_certificate_whose_subject_the_config_does_not_list_is_refused_naming_the_subject() throws Exception {
        String app = app();
        announced(app);
        Path cert = certs.clientCertificate("intruder", "CN=intruder,O=Elsewhere");
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(),
                Map.of(app, "CN=" + app + ",O=Ferry Test"), tls("require"))) {
            assertThatThrownBy(() -> sink(app, Map.of("address", proxy.server.address(), "tls.ca",
                    certs.caPem().toString(), "tls.certificate", cert.toString(), "tls.key",
                    cert.resolveSibling("intruder.key").toString())).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("refused it: app '" + app + "': the client certificate's subject "
                            + "'CN=intruder,O=Elsewhere' is not the certificate-subject the proxy's config "
                            + proxy.config + " lists for it ('CN=" + app + ",O=Ferry Test')")
                    .hasMessageContaining("check the client certificate in plugins.proxy.tls.certificate");
        }
    }

    @Test
    void a_token_still_authenticates_where_client_certificates_are_optional() throws Exception {
        String app = app();
        String out = announced(app);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), tls("optional"));
             Sink sink = sink(app, Map.of("address", proxy.server.address(), "token-file",
                     dir.resolve(app + ".token").toString(), "tls.ca", certs.caPem().toString()))) {
            writeOne(sink, out);
        }
        assertThat(kafka.readAllValues(out, java.time.Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void without_a_client_certificate_a_proxy_that_requires_one_stops_the_start_saying_so() throws Exception {
        String app = app();
        announced(app);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), tls("require"))) {
            assertThatThrownBy(() -> sink(app, Map.of("address", proxy.server.address(), "token-file",
                    dir.resolve(app + ".token").toString(), "tls.ca", certs.caPem().toString())).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("the TLS handshake failed: ")
                    .hasMessageContaining("a proxy with tls.client-auth: require also needs the app's client certificate");
        }
    }
}
