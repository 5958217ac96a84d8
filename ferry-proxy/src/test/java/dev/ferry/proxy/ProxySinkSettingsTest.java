package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.proxy.client.ProxySinkProvider;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-back plug-in's settings: each mistake is a sentence naming the setting (and its
 * variable, or where it came from); a proxy that cannot be reached at start is an outage, not an error.
 */
class ProxySinkSettingsTest {

    @TempDir
    Path dir;

    private static Sink create(Map<String, String> settings) {
        return new ProxySinkProvider().create(TestSinkContext.of("predict-foo", settings));
    }

    @Test
    void the_address_is_required_and_named_with_its_variable() {
        assertThatThrownBy(() -> create(Map.of("token-env", "TOKEN"))).isInstanceOf(ProfileException.class)
                .hasMessage("app 'predict-foo': write-back proxy needs plugins.proxy.address "
                        + "(FERRY_PLUGINS_PROXY_ADDRESS): the proxy's host:port, as ferry proxy prints it");
    }

    @Test
    void exactly_one_token_source_is_required() throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "secret");
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1"))).isInstanceOf(ProfileException.class)
                .hasMessageContaining("needs the app's token from exactly one of plugins.proxy.token-file");
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "token-file", token.toString(),
                "token-env", "T"))).hasMessageEndingWith("; both are set");
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "token-file", dir.resolve("none").toString())))
                .hasMessageStartingWith("app 'predict-foo': plugins.proxy.token-file (from platform profile ferry.yaml: "
                        + "plugins.proxy.token-file): cannot read " + dir.resolve("none"));
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "token-env", "FERRY_NO_SUCH_VARIABLE_42")))
                .hasMessage("app 'predict-foo': the token in environment variable FERRY_NO_SUCH_VARIABLE_42 "
                        + "(plugins.proxy.token-env) is empty");
    }

    @Test
    void bad_numbers_name_the_setting_and_where_it_came_from() throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "secret");
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "token-file", token.toString(),
                "timeout", "soon"))).hasMessageStartingWith("app 'predict-foo': plugins.proxy.timeout (from platform "
                + "profile ferry.yaml: plugins.proxy.timeout): expected a duration");
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "token-file", token.toString(),
                "max-in-flight", "0"))).hasMessage("app 'predict-foo': plugins.proxy.max-in-flight (from platform "
                + "profile ferry.yaml: plugins.proxy.max-in-flight): expected a whole number of at least 1, got '0'");
    }

    @Test
    void exactly_once_is_refused_before_anything_is_connected() {
        assertThatThrownBy(() -> new ProxySinkProvider().create(TestSinkContext.of("predict-foo", Map.of(),
                Guarantee.EXACTLY_ONCE))).isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("app 'predict-foo': write-back proxy cannot give the exactly-once guarantee");
    }

    @Test
    void a_proxy_that_cannot_be_reached_at_start_is_an_outage_the_sink_reports() throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "secret");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        TestSinkContext context = TestSinkContext.of("predict-foo", Map.of("address", "127.0.0.1:" + port,
                "token-file", token.toString()));
        try (Sink sink = new ProxySinkProvider().create(context)) {
            assertThat(sink).isNotNull();
            assertThat(context.outages()).singleElement().asString()
                    .startsWith("write-back proxy at 127.0.0.1:" + port + ": UNAVAILABLE");
        }
    }

    @Test
    void a_token_is_not_sent_in_plaintext_beyond_this_machine_unless_the_profile_says_so() throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "secret");
        assertThatThrownBy(() -> create(Map.of("address", "proxy.platform.svc:7070", "token-file", token.toString())))
                .isInstanceOf(ProfileException.class)
                .hasMessage("app 'predict-foo': the write-back proxy at proxy.platform.svc:7070 (from platform profile "
                        + "ferry.yaml: plugins.proxy.address) is not on this machine, and the app's token would travel to "
                        + "it in plaintext, readable on the network: set plugins.proxy.tls.ca to the CA of the proxy's "
                        + "certificate (and give the proxy tls in its config), or, on a network you trust, "
                        + "plugins.proxy.plaintext: true");
        TestSinkContext trusted = TestSinkContext.of("predict-foo", Map.of("address", "192.0.2.1:7070",
                "token-file", token.toString(), "plaintext", "true", "timeout", "1s"));
        try (Sink sink = new ProxySinkProvider().create(trusted)) {
            assertThat(sink).as("with plaintext: true the start goes on").isNotNull();
        }
    }

    @Test
    void a_client_certificate_needs_its_key() {
        assertThatThrownBy(() -> create(Map.of("address", "127.0.0.1:1", "tls.certificate", "app.pem")))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("app 'predict-foo': plugins.proxy.tls.key is missing: a client certificate for "
                        + "mutual TLS needs both");
    }
}
