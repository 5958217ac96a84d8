package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's {@code security.*} keys as Kafka client properties, and their errors: each names
 * the key and where it came from, and none shows a secret. (Against a real SASL_SSL broker:
 * {@code SecureClusterTest} in ferry-integration-tests.)
 */
class KafkaSecurityTest {

    private static final String SECRET = "s3cr3t-Zq9-unit";

    @TempDir
    Path dir;

    private Path file(String name, String text) {
        Path f = dir.resolve(name);
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f;
    }

    private PlatformProfile.Builder sasl() {
        return PlatformProfile.builder()
                .bootstrapServers("broker:9093")
                .set("security.protocol", "sasl_ssl", "platform profile ferry.yaml")
                .set("security.sasl.username", "ferry-app")
                .set("security.sasl.password-file", file("password", SECRET + "\n").toString(), "platform profile ferry.yaml");
    }

    private static String error(Supplier<?> action) {
        Throwable t = catchThrowable(action::get);
        assertThat(t).isInstanceOf(ProfileException.class);
        assertThat(t.getMessage()).doesNotContain(SECRET);
        return t.getMessage();
    }

    @Test
    void sasl_ssl_gives_every_client_the_protocol_the_mechanism_and_a_jaas_config_with_the_password_of_the_file() {
        PlatformProfile profile = sasl().build();
        for (String kind : new String[] {"consumer", "producer", "admin"}) {
            assertThat(profile.kafkaProperties(kind)).contains(
                    entry("bootstrap.servers", "broker:9093"),
                    entry("security.protocol", "SASL_SSL"),
                    entry("sasl.mechanism", "SCRAM-SHA-512"),
                    entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                            + "username=\"ferry-app\" password=\"" + SECRET + "\";"),
                    entry("ssl.endpoint.identification.algorithm", "https"));
        }
    }

    @Test
    void the_sasl_username_is_known_without_reading_the_password_and_only_for_a_sasl_protocol() {
        PlatformProfile noPasswordHere = PlatformProfile.builder().bootstrapServers("broker:9093")
                .set("security.protocol", "sasl_ssl").set("security.sasl.username", "predict-foo")
                .set("security.sasl.password-file", dir.resolve("mounted-elsewhere").toString()).build();
        assertThat(noPasswordHere.security().saslUsername()).contains("predict-foo");
        PlatformProfile tlsOnly = PlatformProfile.builder().bootstrapServers("broker:9093")
                .set("security.protocol", "ssl").build();
        assertThat(tlsOnly.security().saslUsername()).isEmpty();
    }

    @Test
    void the_password_may_come_from_a_variable_of_the_environment_the_profile_was_loaded_from() {
        PlatformProfile profile = PlatformProfile.builder()
                .environment(Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "broker:9093", "FERRY_SECURITY_PROTOCOL", "SASL_SSL",
                        "FERRY_SECURITY_SASL_MECHANISM", "PLAIN", "FERRY_SECURITY_SASL_USERNAME", "ferry-app",
                        "FERRY_SECURITY_SASL_PASSWORD_ENV", "KAFKA_PASSWORD", "KAFKA_PASSWORD", "pa\"ss\\word"))
                .build();
        assertThat(profile.kafkaProperties("consumer")).containsEntry("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ferry-app\" "
                        + "password=\"pa\\\"ss\\\\word\";");
    }

    @Test
    void a_missing_password_file_is_named_with_its_key_and_source_when_a_client_is_made() {
        PlatformProfile profile = sasl().set("security.sasl.password-file", dir.resolve("nope").toString(),
                "environment variable FERRY_SECURITY_SASL_PASSWORD_FILE").build(); // no file is read yet
        assertThat(error(() -> profile.kafkaProperties("consumer"))).isEqualTo("environment variable "
                + "FERRY_SECURITY_SASL_PASSWORD_FILE: security.sasl.password-file: cannot read '" + dir.resolve("nope")
                + "' (no such file)");
    }

    @Test
    void a_variable_that_is_not_set_is_named() {
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "FERRY_SECURITY_PROTOCOL", "sasl_ssl", "FERRY_SECURITY_SASL_USERNAME", "u",
                "FERRY_SECURITY_SASL_PASSWORD_ENV", "KAFKA_PASSWORD")).build();
        assertThat(error(() -> profile.kafkaProperties("admin"))).isEqualTo("environment variable "
                + "FERRY_SECURITY_SASL_PASSWORD_ENV: security.sasl.password-env: the environment variable KAFKA_PASSWORD "
                + "is not set (or empty)");
    }

    @Test
    void a_sasl_protocol_without_a_username_or_a_password_is_refused_when_the_profile_is_built() {
        assertThat(error(() -> sasl().set("security.sasl.username", "").build())).isEqualTo("code: "
                + "security.sasl.username: security.protocol sasl_ssl with SASL mechanism SCRAM-SHA-512 needs a username");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "sasl_ssl")
                .set("security.sasl.username", "u").build())).contains("security.sasl.password-file: SASL user 'u' "
                + "needs a password");
        assertThat(error(() -> sasl().set("security.sasl.mechanism", "GSSAPI").build()))
                .contains("security.sasl.mechanism: expected SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, got 'GSSAPI'");
        assertThat(error(() -> sasl().set("security.sasl.password-env", "KAFKA_PASSWORD").build()))
                .contains("security.sasl.password-env is set, and so is security.sasl.password-file (platform profile "
                        + "ferry.yaml)");
    }

    @Test
    void kafka_security_protocol_beside_a_different_security_protocol_is_refused_naming_both_sources() {
        assertThat(error(() -> sasl().set("kafka.common.security.protocol", "SSL", "environment variable "
                + "FERRY_KAFKA_SECURITY_PROTOCOL").build())).isEqualTo("environment variable FERRY_KAFKA_SECURITY_PROTOCOL: "
                + "kafka.common.security.protocol is 'SSL', but the security section sets security.protocol too "
                + "(security.protocol sasl_ssl, from platform profile ferry.yaml): remove kafka.common.security.protocol "
                + "and configure security with the security.* keys only");
        assertThat(sasl().set("kafka.common.security.protocol", "SASL_SSL").build().kafkaProperties("admin"))
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void a_jaas_config_of_a_kafka_key_beside_the_sasl_keys_is_refused_without_showing_it() {
        String message = error(() -> sasl().kafka("consumer", "sasl.jaas.config", "x required password=\"" + SECRET + "\";")
                .build());
        assertThat(message).startsWith("code: kafka.consumer.sasl.jaas.config is set, but the security section sets "
                + "sasl.jaas.config too");
    }

    @Test
    void a_trust_store_password_of_a_kafka_key_beside_the_tls_keys_is_refused() {
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "ssl")
                .set("security.tls.truststore", "/ca.p12").kafka("common", "ssl.truststore.password", SECRET).build()))
                .startsWith("code: kafka.common.ssl.truststore.password is set, but the security section sets "
                        + "ssl.truststore.password too");
    }

    @Test
    void a_security_key_without_a_protocol_or_with_one_that_does_not_use_it_is_refused() {
        assertThat(error(() -> PlatformProfile.builder().set("security.sasl.username", "u").build()))
                .isEqualTo("code: security.sasl.username is set, but security.protocol is not: set it to sasl_ssl, ssl or "
                        + "sasl_plaintext, or remove the security.sasl keys");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "ssl").set("security.sasl.username", "u")
                .build())).contains("security.protocol is ssl, which uses no SASL");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "sasl_plaintext")
                .set("security.sasl.username", "u").set("security.sasl.password-env", "P")
                .set("security.tls.truststore", "/ca.pem").build())).contains("which uses no TLS");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "tls").build()))
                .isEqualTo("code: security.protocol: expected plaintext, ssl, sasl_ssl or sasl_plaintext, got 'tls'");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "sasl_ssl").set("security.sasl.username",
                "u").set("security.sasl.password-env", "FERRY_PASSWORD").build())).contains("starts with FERRY_");
    }

    @Test
    void tls_reads_a_pem_trust_store_and_a_pem_client_certificate_and_key() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN PRIVATE KEY-----\nMIIE" + SECRET + "\n-----END PRIVATE KEY-----\n";
        Path ca = file("ca.pem", cert);
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers("b:1").set("security.protocol", "ssl")
                .set("security.tls.truststore", ca.toString())
                .set("security.tls.certificate", file("client.pem", cert).toString())
                .set("security.tls.key", file("client.key", key).toString())
                .set("security.tls.endpoint-identification", "none").build();
        assertThat(profile.kafkaProperties("producer")).contains(entry("security.protocol", "SSL"),
                entry("ssl.truststore.location", ca.toString()), entry("ssl.truststore.type", "PEM"),
                entry("ssl.keystore.type", "PEM"), entry("ssl.keystore.certificate.chain", cert),
                entry("ssl.keystore.key", key), entry("ssl.endpoint.identification.algorithm", ""));
        assertThat(profile.kafkaProperties("producer")).doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void a_pem_file_that_is_not_one_and_a_pkcs1_key_are_refused_saying_what_is_wrong() {
        PlatformProfile notPem = PlatformProfile.builder().bootstrapServers("b:1").set("security.protocol", "ssl")
                .set("security.tls.truststore", file("ca.pem", "hello").toString()).build();
        assertThat(error(() -> notPem.kafkaProperties("consumer"))).isEqualTo("code: security.tls.truststore: '"
                + dir.resolve("ca.pem") + "' is not a PEM file with a CERTIFICATE block (-----BEGIN CERTIFICATE-----)");
        PlatformProfile pkcs1 = PlatformProfile.builder().bootstrapServers("b:1").set("security.protocol", "ssl")
                .set("security.tls.certificate", file("c.pem", "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----")
                        .toString())
                .set("security.tls.key", file("k.pem", "-----BEGIN RSA PRIVATE KEY-----\n" + SECRET
                        + "\n-----END RSA PRIVATE KEY-----").toString()).build();
        assertThat(error(() -> pkcs1.kafkaProperties("consumer"))).contains("holds a PKCS#1/SEC1 key, and Kafka reads "
                + "PKCS#8 keys only: convert it with `openssl pkcs8 -topk8 -nocrypt");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "ssl")
                .set("security.tls.certificate", "/c.pem").build())).contains("security.tls.certificate is set, but "
                + "security.tls.key is not");
        assertThat(error(() -> PlatformProfile.builder().set("security.protocol", "ssl")
                .set("security.tls.keystore", "/c.p12").build())).contains("a key store needs its password");
    }

    @Test
    void a_pkcs12_key_store_gets_its_passwords_from_files() {
        Path store = file("client.p12", "binary");
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers("b:1").set("security.protocol", "ssl")
                .set("security.tls.keystore", store.toString())
                .set("security.tls.keystore-password-file", file("store.password", SECRET).toString()).build();
        assertThat(profile.kafkaProperties("admin")).contains(entry("ssl.keystore.location", store.toString()),
                entry("ssl.keystore.type", "PKCS12"), entry("ssl.keystore.password", SECRET),
                entry("ssl.key.password", SECRET));
    }

    @Test
    void the_profile_shows_where_secrets_come_from_but_never_a_secret() {
        PlatformProfile profile = sasl().kafka("common", "ssl.key.password", SECRET).build()
                .toBuilder().set("kafka.common.ssl.key.password", SECRET).build();
        assertThat(profile.toBuilder().set("kubernetes.secret-mounts", "kafka-credentials=/etc/kafka").build().describe())
                .containsEntry("kubernetes.secret-mounts", "kafka-credentials=/etc/kafka");
        assertThat(profile.describe()).containsEntry("security.sasl.password-file", dir.resolve("password").toString())
                .containsEntry("kafka.common.ssl.key.password", "****");
        assertThat(profile.toString()).doesNotContain(SECRET);
        assertThat(profile.sources().toString()).doesNotContain(SECRET);
        assertThat(profile.security().files()).containsEntry("security.sasl.password-file", dir.resolve("password"));
    }

    @Test
    void a_security_protocol_alone_makes_the_profile_about_a_cluster_so_no_dev_broker_stands_in() {
        PlatformProfile profile = PlatformProfile.builder().set("security.protocol", "ssl").build();
        assertThat(profile.configuresKafka()).isTrue();
        assertThat(error(profile::bootstrapServers)).contains("the profile sets security.protocol, from code");
    }
}
