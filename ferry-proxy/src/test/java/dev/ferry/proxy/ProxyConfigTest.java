package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's config file: defaults, pinned topics, and mistakes named with the file and key; token hashes. */
class ProxyConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("proxy.yaml"), yaml);
    }

    @Test
    void reads_the_keys_with_their_defaults() throws Exception {
        String hash = TokenHash.of("t0ken");
        Files.writeString(dir.resolve("s.json"), "{\"type\": \"object\"}");
        ProxyConfig c = ProxyConfig.load(write("apps:\n  predict-foo: " + hash + "\n"
                + "topics:\n  predict.topic: {owner: predict-foo, schema-file: s.json}\n"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(7070);
        assertThat(c.apps()).containsEntry("predict-foo", ProxyConfig.AppCredential.token(hash));
        assertThat(c.maxInFlight()).isEqualTo(16);
        assertThat(c.catalogWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.rulesPoll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.rulesFile()).isEmpty();
        assertThat(c.deadLetterTopic("predict-foo")).isEqualTo("predict-foo.dead-letter");
        assertThat(c.pinned().get("predict.topic").owner()).isEqualTo("predict-foo");
        assertThat(c.pinned().get("predict.topic").schema()).contains("{\"type\": \"object\"}");
    }

    @Test
    void mistakes_name_the_file_and_the_key() throws Exception {
        String hash = TokenHash.of("t");
        Path f = write("apps:\n  a: " + hash + "\nlisten: nowhere\n");
        assertThatThrownBy(() -> ProxyConfig.load(f)).isInstanceOf(ProxyException.class)
                .hasMessage("proxy config " + f + ": listen: expected HOST:PORT (port 0 for any free one), got 'nowhere'");
        Path g = write("apps:\n  a: plain-text-token\n");
        assertThatThrownBy(() -> ProxyConfig.load(g)).hasMessageStartingWith("proxy config " + g
                + ": apps.a: not a token hash: expected sha256: and 64 lower-case hex digits");
        Path h = write("apps:\n  a: " + hash + "\nmax-in-flite: 3\n");
        assertThatThrownBy(() -> ProxyConfig.load(h)).hasMessageStartingWith("proxy config " + h
                + ": unknown key 'max-in-flite'; the keys are apps, catalog-wait, dead-letter-topic, listen, max-in-flight");
        Path i = write("listen: 127.0.0.1:0\n");
        assertThatThrownBy(() -> ProxyConfig.load(i)).hasMessageStartingWith("proxy config " + i + ": apps: expected");
        Path j = write("apps:\n  a: " + hash + "\ntopics:\n  t: {schema-file: x.json}\n");
        assertThatThrownBy(() -> ProxyConfig.load(j)).hasMessageStartingWith("proxy config " + j + ": topics.t: expected "
                + "a mapping with owner");
    }

    @Test
    void a_token_matches_only_its_own_hash() {
        String token = TokenHash.newToken();
        String hash = TokenHash.of(token);
        assertThat(hash).startsWith("sha256:").doesNotContain(token);
        assertThat(TokenHash.matches(token, hash)).isTrue();
        assertThat(TokenHash.matches(token + "x", hash)).isFalse();
        assertThat(TokenHash.newToken()).isNotEqualTo(token);
    }

    @Test
    void reads_tls_and_apps_that_authenticate_by_certificate() throws Exception {
        Files.writeString(dir.resolve("proxy.pem"), "cert");
        Files.writeString(dir.resolve("proxy.key"), "key");
        Files.writeString(dir.resolve("apps-ca.pem"), "ca");
        String hash = TokenHash.of("t");
        ProxyConfig c = ProxyConfig.load(write("apps:\n  a: " + hash + "\n  b: {certificate-subject: \"CN=b, O=Ferry\"}\n"
                + "  c: {token: " + hash + ", certificate-subject: \"CN=c\"}\n"
                + "tls: {certificate: proxy.pem, key: proxy.key, client-ca: apps-ca.pem}\n"
                + "metrics-listen: 127.0.0.1:0\n"));
        ProxyConfig.Tls tls = c.tls().orElseThrow();
        assertThat(tls.certificate()).isEqualTo(dir.resolve("proxy.pem"));
        assertThat(tls.clientCa()).contains(dir.resolve("apps-ca.pem"));
        assertThat(tls.clientAuth()).as("the default with a client-ca").isEqualTo(ProxyConfig.ClientAuth.OPTIONAL);
        assertThat(c.apps().get("b").subject()).contains(new javax.security.auth.x500.X500Principal("CN=b,O=Ferry"));
        assertThat(c.apps().get("b").tokenHash()).isEmpty();
        assertThat(c.apps().get("c").tokenHash()).contains(hash);
        assertThat(c.metricsListen()).contains("127.0.0.1:0");
    }

    @Test
    void tls_mistakes_name_the_key() throws Exception {
        Files.writeString(dir.resolve("proxy.pem"), "cert");
        Files.writeString(dir.resolve("proxy.key"), "key");
        String hash = TokenHash.of("t");
        Path f = write("apps:\n  a: " + hash + "\ntls: {certificate: proxy.pem}\n");
        assertThatThrownBy(() -> ProxyConfig.load(f)).hasMessage("proxy config " + f + ": tls.key: missing; tls needs "
                + "certificate and key (PEM files)");
        Path g = write("apps:\n  a: " + hash + "\ntls: {certificate: proxy.pem, key: proxy.key, client-auth: require}\n");
        assertThatThrownBy(() -> ProxyConfig.load(g)).hasMessageStartingWith("proxy config " + g + ": tls.client-auth "
                + "require needs tls.client-ca");
        Path h = write("apps:\n  a: {certificate-subject: \"CN=a\"}\n");
        assertThatThrownBy(() -> ProxyConfig.load(h)).hasMessageStartingWith("proxy config " + h
                + ": apps.a.certificate-subject: the proxy asks for no client certificates");
        Path i = write("apps:\n  a: {subject: \"CN=a\"}\n");
        assertThatThrownBy(() -> ProxyConfig.load(i)).hasMessageStartingWith("proxy config " + i
                + ": apps.a: unknown key 'subject'");
    }

    @Test
    void a_tls_file_that_is_not_pem_stops_the_start_naming_the_key_and_the_file() throws Exception {
        Files.writeString(dir.resolve("proxy.pem"), "not a certificate");
        Files.writeString(dir.resolve("proxy.key"), "not a key");
        Path f = write("listen: 127.0.0.1:0\napps:\n  a: " + TokenHash.of("t") + "\n"
                + "tls: {certificate: proxy.pem, key: proxy.key}\n");
        ProxyConfig config = ProxyConfig.load(f);
        assertThatThrownBy(() -> ProxyServer.start(config, dev.ferry.engine.PlatformProfile.builder()
                .bootstrapServers("127.0.0.1:1").build()).close())
                .isInstanceOf(ProxyException.class)
                .hasMessageStartingWith("proxy config " + f + ": tls: certificate " + dir.resolve("proxy.pem") + " and key "
                        + dir.resolve("proxy.key") + " cannot be used");
    }
}
