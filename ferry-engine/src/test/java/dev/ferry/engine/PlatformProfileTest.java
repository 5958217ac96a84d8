package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform profile: defaults, then a YAML file, then {@code FERRY_*} variables; every error names its source. */
class PlatformProfileTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static PlatformProfile fromFile(Path file) {
        return PlatformProfile.builder().file(file).build();
    }

    private static PlatformProfile fromEnvironment(Map<String, String> env) {
        return PlatformProfile.builder().environment(env).build();
    }

    /** The message of the {@link ProfileException} that {@code action} must throw. */
    private static String errorOf(Supplier<?> action) {
        Throwable thrown = catchThrowable(action::get);
        assertThat(thrown).as("should reject the profile").isInstanceOf(ProfileException.class);
        return thrown.getMessage();
    }

    // --- defaults ----------------------------------------------------------------------------------

    @Test
    void has_the_documented_defaults() {
        PlatformProfile profile = PlatformProfile.builder().build();

        assertThat(profile.guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(profile.devMode()).isFalse();
        assertThat(profile.devPartitions()).isEqualTo(3);
        assertThat(profile.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.retryInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(profile.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.retryMaxAttempts()).isEqualTo(10);
        assertThat(profile.hasCluster()).isFalse();
        assertThat(profile.describe()).containsEntry("guarantee", "at-least-once").containsEntry("write-back", "direct")
                .containsEntry("format", "json").containsEntry("retry.max-attempts", "10");
    }

    // --- the YAML file -----------------------------------------------------------------------------

    @Test
    void reads_nested_and_dotted_keys_from_a_yaml_file() throws IOException {
        Path file = yaml("""
                kafka:
                  common:
                    bootstrap.servers: broker-1:9092,broker-2:9092
                  consumer:
                    fetch.min.bytes: 1024
                retry:
                  max-attempts: 3
                retry.initial-backoff: 250ms
                dev-mode: true
                dev-partitions: 6
                startup-timeout: 2m
                """);

        PlatformProfile profile = fromFile(file);

        assertThat(profile.hasCluster()).isTrue();
        assertThat(profile.bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(profile.kafkaProperties("consumer")).containsOnly(
                entry("bootstrap.servers", "broker-1:9092,broker-2:9092"), entry("fetch.min.bytes", "1024"));
        assertThat(profile.kafkaProperties("producer")).containsOnly(
                entry("bootstrap.servers", "broker-1:9092,broker-2:9092"));
        assertThat(profile.retryMaxAttempts()).isEqualTo(3);
        assertThat(profile.retryInitialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(profile.devMode()).isTrue();
        assertThat(profile.devPartitions()).isEqualTo(6);
        assertThat(profile.startupTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(profile.sourceOf("consumer", "fetch.min.bytes")).isEqualTo("platform profile " + file);
    }

    @Test
    void joins_deeply_nested_keys_with_dots() throws IOException {
        PlatformProfile profile = fromFile(yaml("""
                kafka:
                  common:
                    bootstrap:
                      servers: deep:9092
                  consumer:
                    fetch:
                      min:
                        bytes: 2048
                """));

        assertThat(profile.bootstrapServers()).isEqualTo("deep:9092");
        assertThat(profile.kafkaProperties("consumer")).containsEntry("fetch.min.bytes", "2048");
    }

    @Test
    void reads_a_fully_dotted_key() throws IOException {
        PlatformProfile profile = fromFile(yaml("kafka.common.bootstrap.servers: flat:9092\n"));

        assertThat(profile.bootstrapServers()).isEqualTo("flat:9092");
    }

    @Test
    void reads_an_empty_file_as_the_defaults() throws IOException {
        PlatformProfile profile = fromFile(yaml(""));

        assertThat(profile.retryMaxAttempts()).isEqualTo(10);
        assertThat(profile.hasCluster()).isFalse();
    }

    @Test
    void gives_a_kafka_section_its_own_value_over_the_common_one() throws IOException {
        PlatformProfile profile = fromFile(yaml("""
                kafka:
                  common:
                    bootstrap.servers: b:9092
                    client.rack: common-rack
                  consumer:
                    client.rack: consumer-rack
                """));

        assertThat(profile.kafkaProperties("consumer")).containsEntry("client.rack", "consumer-rack");
        assertThat(profile.kafkaProperties("admin")).containsEntry("client.rack", "common-rack");
    }

    @Test
    void rejects_an_unknown_key_in_the_file_naming_the_file_and_the_key() throws IOException {
        Path file = yaml("retries: 3\n");

        assertThat(errorOf(() -> fromFile(file))).startsWith("platform profile " + file + ": unknown setting 'retries'; "
                + "known settings are guarantee, write-back, format, dev-mode, dev-partitions, startup-timeout, "
                + "shutdown-timeout, retry.initial-backoff, retry.max-backoff, retry.max-attempts, poison-policy, "
                + "dead-letter-topic, monitoring.port, monitoring.lag-window, concurrency, instance-id, listeners, "
                + "unchecked-kafka-prefixes, status.topic, status.heartbeat, audit.topic, announce.topic, lineage, kubernetes.namespace, kubernetes.replicas, kubernetes.cpu-request, "
                + "kubernetes.cpu-limit, kubernetes.memory-request, kubernetes.memory-limit, kubernetes.metrics, "
                + "kubernetes.autoscaling, kubernetes.keda.lag-threshold, kubernetes.keda.min-replicas, "
                + "kubernetes.keda.authentication, kubernetes.credentials, kubernetes.secret-mounts, "
                + "alerts.runbook-url, alerts.halted-for, alerts.lag-seconds, alerts.lag-for, "
                + "alerts.stalled-window, alerts.stalled-for, alerts.not-ready-for, alerts.dead-lettered-window, "
                + "image.base, image.registry, image.user, image.jvm-options, image.monitoring-port, "
                + "security.protocol, security.sasl.mechanism, security.sasl.username, security.sasl.password-file, "
                + "security.sasl.password-env, security.tls.truststore, security.tls.truststore-password-file, "
                + "security.tls.truststore-password-env, security.tls.keystore, security.tls.keystore-password-file, "
                + "security.tls.keystore-password-env, security.tls.certificate, security.tls.key, "
                + "security.tls.key-password-file, security.tls.key-password-env, security.tls.endpoint-identification, "
                + "kafka.{common,consumer,producer,admin}.<client property> and plugins.<plug-in name>.<setting>");
    }

    @Test
    void rejects_a_kafka_key_outside_the_four_client_sections() throws IOException {
        Path file = yaml("""
                kafka:
                  streams:
                    num.stream.threads: 2
                """);

        assertThat(errorOf(() -> fromFile(file)))
                .startsWith("platform profile " + file + ": unknown setting 'kafka.streams.num.stream.threads'");
    }

    @Test
    void rejects_a_kafka_section_without_a_property() throws IOException {
        Path file = yaml("kafka:\n  common: x\n");

        assertThat(errorOf(() -> fromFile(file))).startsWith("platform profile " + file + ": unknown setting 'kafka.common'");
    }

    @Test
    void rejects_a_list_value() throws IOException {
        Path file = yaml("kafka:\n  common:\n    bootstrap.servers: [a, b]\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file
                + ": kafka.common.bootstrap.servers must be a single value, not a list");
    }

    @Test
    void rejects_a_file_that_is_not_yaml() throws IOException {
        Path file = yaml("retry: {max-attempts: 3\n");

        assertThat(errorOf(() -> fromFile(file))).startsWith("platform profile " + file + " is not valid YAML: ");
    }

    @Test
    void rejects_a_file_that_is_not_a_mapping() throws IOException {
        Path file = yaml("- guarantee\n- at-least-once\n");

        assertThat(errorOf(() -> fromFile(file)))
                .isEqualTo("platform profile " + file + " must be a YAML mapping of settings");
    }

    // --- Kafka client property names -------------------------------------------------------------

    private static final String LET_THROUGH = " A plug-in's own property (an interceptor's or a metrics reporter's) "
            + "is let through when its prefix is in unchecked-kafka-prefixes";

    @Test
    void rejects_a_misspelt_kafka_property_in_the_file_naming_the_closest_known_one() throws IOException {
        Path file = yaml("kafka:\n  common:\n    bootstrap.server: broker-1:9092\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file + ": kafka.common.bootstrap.server: "
                + "no Kafka client has a property 'bootstrap.server'; did you mean 'bootstrap.servers'?" + LET_THROUGH);
    }

    @Test
    void rejects_a_misspelt_kafka_variable_naming_the_variable_to_use() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_KAFKA_BOOTSTRAP_SERVER", "broker-1:9092")))).isEqualTo(
                "environment variable FERRY_KAFKA_BOOTSTRAP_SERVER: kafka.common.bootstrap.server: no Kafka client has "
                        + "a property 'bootstrap.server'; did you mean 'bootstrap.servers' (FERRY_KAFKA_BOOTSTRAP_SERVERS)?"
                        + LET_THROUGH);
    }

    @Test
    void checks_each_client_section_against_that_clients_properties() throws IOException {
        Path file = yaml("kafka:\n  consumer:\n    fetch.min.byte: 1\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file + ": kafka.consumer.fetch.min.byte: "
                + "the Kafka consumer has no property 'fetch.min.byte'; did you mean 'fetch.min.bytes'?" + LET_THROUGH);
    }

    @Test
    void says_which_client_a_property_of_another_section_belongs_to() {
        assertThat(errorOf(() -> PlatformProfile.builder().kafka("producer", "fetch.min.bytes", "1").build()))
                .isEqualTo("code: kafka.producer.fetch.min.bytes: the Kafka producer has no property 'fetch.min.bytes'; "
                        + "it is a consumer property: set it as kafka.consumer.fetch.min.bytes." + LET_THROUGH);
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_KAFKA_ADMIN_LINGER_MS", "5"))))
                .startsWith("environment variable FERRY_KAFKA_ADMIN_LINGER_MS: kafka.admin.linger.ms: the Kafka admin "
                        + "client has no property 'linger.ms'; it is a producer property: set it as "
                        + "FERRY_KAFKA_PRODUCER_LINGER_MS.");
    }

    @Test
    void accepts_in_the_common_section_a_property_that_one_client_knows() {
        PlatformProfile profile = PlatformProfile.builder().kafka("common", "client.rack", "eu-1a")
                .kafka("common", "linger.ms", "5").kafka("common", "sasl.jaas.config", "x").build();

        assertThat(profile.kafkaProperties("admin")).containsEntry("client.rack", "eu-1a");
    }

    @Test
    void accepts_the_prefixes_kafka_clients_read_whole() {
        PlatformProfile profile = PlatformProfile.builder()
                .kafka("common", "config.providers", "file")
                .kafka("common", "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .kafka("consumer", "metrics.context.team", "ds-styling").build();

        assertThat(profile.kafkaProperties("consumer")).containsEntry("metrics.context.team", "ds-styling")
                .containsKey("config.providers.file.class");
    }

    @Test
    void lets_a_plug_ins_own_properties_through_under_the_prefixes_the_profile_names() throws IOException {
        Path file = yaml("""
                unchecked-kafka-prefixes: confluent.monitoring.interceptor., acme.audit.
                kafka:
                  consumer:
                    interceptor.classes: io.confluent.monitoring.clients.interceptor.MonitoringConsumerInterceptor
                    confluent.monitoring.interceptor.topic: _monitoring
                  producer: {acme.audit.topic: audit}
                """);

        PlatformProfile profile = fromFile(file);

        assertThat(profile.uncheckedKafkaPrefixes()).containsExactly("confluent.monitoring.interceptor.", "acme.audit.");
        assertThat(profile.kafkaProperties("consumer")).containsEntry("confluent.monitoring.interceptor.topic", "_monitoring");
        assertThat(profile.kafkaProperties("producer")).containsEntry("acme.audit.topic", "audit");
        assertThat(errorOf(() -> profile.toBuilder().kafka("consumer", "acme.audit.topic", "x").set(
                "unchecked-kafka-prefixes", "acme.audit").build())).startsWith("code: unchecked-kafka-prefixes: "
                + "'acme.audit' is not a property prefix: give prefixes ending in '.'");
    }

    @Test
    void refuses_an_unchecked_prefix_that_would_hide_typos_of_kafkas_own_properties() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_UNCHECKED_KAFKA_PREFIXES", "ssl.")))).isEqualTo(
                "environment variable FERRY_UNCHECKED_KAFKA_PREFIXES: unchecked-kafka-prefixes: 'ssl.' would let "
                        + "misspelt Kafka properties through unchecked (Kafka's own ssl.cipher.suites starts with it): "
                        + "name the plug-in's own prefix");
    }

    // --- environment variables ---------------------------------------------------------------------

    @Test
    void lets_environment_variables_override_the_file() throws IOException {
        Path file = yaml("""
                kafka:
                  common:
                    bootstrap.servers: from-file:9092
                  consumer:
                    fetch.min.bytes: 1
                retry:
                  max-attempts: 3
                  max-backoff: 5s
                """);

        PlatformProfile profile = PlatformProfile.load(Map.of(
                "FERRY_PROFILE", file.toString(),
                "FERRY_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
                "FERRY_KAFKA_CONSUMER_FETCH_MIN_BYTES", "4096",
                "FERRY_RETRY_MAX_ATTEMPTS", "7"));

        assertThat(profile.bootstrapServers()).isEqualTo("from-env:9092");
        assertThat(profile.kafkaProperties("consumer")).containsEntry("fetch.min.bytes", "4096");
        assertThat(profile.retryMaxAttempts()).isEqualTo(7);
        assertThat(profile.retryMaxBackoff()).as("kept from the file").isEqualTo(Duration.ofSeconds(5));
        assertThat(profile.sourceOf("consumer", "fetch.min.bytes"))
                .isEqualTo("environment variable FERRY_KAFKA_CONSUMER_FETCH_MIN_BYTES");
        assertThat(profile.sourceOf("admin", "bootstrap.servers"))
                .isEqualTo("environment variable FERRY_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void maps_kafka_variables_to_their_client_section() {
        PlatformProfile profile = fromEnvironment(Map.of(
                "FERRY_KAFKA_BOOTSTRAP_SERVERS", "b:9092",
                "FERRY_KAFKA_PRODUCER_LINGER_MS", "5",
                "FERRY_KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "1000",
                "FERRY_KAFKA_SECURITY_PROTOCOL", "SSL"));

        assertThat(profile.kafkaProperties("producer")).containsOnly(entry("bootstrap.servers", "b:9092"),
                entry("linger.ms", "5"), entry("security.protocol", "SSL"));
        assertThat(profile.kafkaProperties("admin")).containsOnly(entry("bootstrap.servers", "b:9092"),
                entry("request.timeout.ms", "1000"), entry("security.protocol", "SSL"));
        assertThat(profile.kafkaProperties("consumer")).containsOnly(entry("bootstrap.servers", "b:9092"),
                entry("security.protocol", "SSL"));
    }

    /**
     * {@code kafka.common.bootstrap.servers} spelled out as a variable must not become a Kafka property
     * named {@code common.bootstrap.servers} that every client ignores.
     */
    @Test
    void understands_the_common_section_spelled_out_in_a_variable() {
        PlatformProfile profile = fromEnvironment(Map.of("FERRY_KAFKA_COMMON_BOOTSTRAP_SERVERS", "b:9092"));

        assertThat(profile.kafkaProperties("consumer")).doesNotContainKey("common.bootstrap.servers");
        assertThat(profile.hasCluster()).isTrue();
        assertThat(profile.bootstrapServers()).isEqualTo("b:9092");
    }

    @Test
    void ignores_variables_that_are_not_ferrys_and_the_launchers_own() {
        PlatformProfile profile = fromEnvironment(Map.of(
                "PATH", "/usr/bin", "HOME", "/root", "FERRY_HOME", "/opt/ferry", "FERRY_OPTS", "-Xmx1g",
                "FERRY_PROFILE", "/nowhere.yaml"));

        assertThat(profile.describe()).isEqualTo(PlatformProfile.builder().build().describe());
    }

    @Test
    void rejects_an_unknown_ferry_variable() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_RETRIES", "3"))))
                .startsWith("unknown environment variable FERRY_RETRIES; known variables are FERRY_GUARANTEE, "
                        + "FERRY_WRITE_BACK, FERRY_FORMAT, FERRY_DEV_MODE")
                .endsWith(", FERRY_KAFKA_[CONSUMER_|PRODUCER_|ADMIN_]<PROPERTY> and FERRY_PLUGINS_<PLUG-IN>_<SETTING>");
    }

    @Test
    void names_the_environment_variable_of_each_key() {
        assertThat(PlatformProfile.environmentVariable("retry.max-attempts")).isEqualTo("FERRY_RETRY_MAX_ATTEMPTS");
        assertThat(PlatformProfile.environmentVariable("dev-mode")).isEqualTo("FERRY_DEV_MODE");
        assertThat(PlatformProfile.environmentVariable("kafka.common.bootstrap.servers"))
                .isEqualTo("FERRY_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(PlatformProfile.environmentVariable("kafka.consumer.fetch.min.bytes"))
                .isEqualTo("FERRY_KAFKA_CONSUMER_FETCH_MIN_BYTES");
    }

    @Test
    void reads_back_every_key_through_the_variable_it_names() {
        Map<String, String> values = Map.of("guarantee", "at-least-once", "dev-mode", "true", "dev-partitions", "4",
                "startup-timeout", "3s", "shutdown-timeout", "4s", "retry.initial-backoff", "5ms",
                "retry.max-backoff", "6s", "retry.max-attempts", "7");
        Map<String, String> env = new java.util.HashMap<>();
        values.forEach((k, v) -> env.put(PlatformProfile.environmentVariable(k), v));
        env.put(PlatformProfile.environmentVariable("kafka.consumer.fetch.min.bytes"), "8");

        PlatformProfile profile = fromEnvironment(env);

        assertThat(profile.describe()).containsAllEntriesOf(values);
        assertThat(profile.kafkaProperties("consumer")).containsEntry("fetch.min.bytes", "8");
    }

    // --- invalid values ----------------------------------------------------------------------------

    @Test
    void rejects_a_bad_duration_naming_the_key_and_the_file() throws IOException {
        Path file = yaml("retry:\n  initial-backoff: soon\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file
                + ": retry.initial-backoff: expected a duration such as 500ms, 30s, 2m or 1h, got 'soon'");
    }

    @Test
    void rejects_a_duration_too_long_to_represent_as_a_profile_error() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_STARTUP_TIMEOUT", "9999999999999999h"))))
                .startsWith("environment variable FERRY_STARTUP_TIMEOUT: startup-timeout: ");
    }

    @Test
    void rejects_a_bad_boolean_naming_the_key_and_the_variable() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_DEV_MODE", "yes")))).isEqualTo(
                "environment variable FERRY_DEV_MODE: dev-mode: expected true or false, got 'yes'");
    }

    @Test
    void rejects_zero_attempts() throws IOException {
        Path file = yaml("retry.max-attempts: 0\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file
                + ": retry.max-attempts: expected a whole number of at least 1, got '0'");
    }

    @Test
    void rejects_a_number_that_is_not_whole() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_DEV_PARTITIONS", "2.5")))).isEqualTo(
                "environment variable FERRY_DEV_PARTITIONS: dev-partitions: expected a whole number of at least 1, "
                        + "got '2.5'");
    }

    @Test
    void reads_every_guarantee_and_rejects_an_unknown_one() throws IOException {
        assertThat(fromFile(yaml("guarantee: exactly-once\n")).guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(fromFile(yaml("guarantee: At-Most-Once\n")).guarantee()).isEqualTo(Guarantee.AT_MOST_ONCE);
        Path file = yaml("guarantee: twice\n");

        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file
                + ": guarantee: unknown guarantee 'twice'; expected one of at-least-once, exactly-once, at-most-once");
    }

    @Test
    void reads_the_poison_policy_and_the_dead_letter_topic() throws IOException {
        PlatformProfile p = fromFile(yaml("poison-policy: dead-letter\ndead-letter-topic: dlq.{app}\n"));

        assertThat(p.poisonPolicy()).isEqualTo(PoisonPolicy.DEAD_LETTER);
        assertThat(p.deadLetterTopic("predict-foo")).isEqualTo("dlq.predict-foo");
        assertThat(PlatformProfile.builder().build().deadLetterTopic("a")).isEqualTo("a.dead-letter");
        Path file = yaml("poison-policy: skip\n");
        assertThat(errorOf(() -> fromFile(file))).isEqualTo("platform profile " + file
                + ": poison-policy: unknown poison policy 'skip'; expected one of halt, dead-letter");
    }

    @Test
    void reads_the_monitoring_port_which_is_off_by_default() throws IOException {
        assertThat(PlatformProfile.builder().build().monitoringPort()).isEqualTo(-1);
        assertThat(fromFile(yaml("monitoring:\n  port: 0\n")).monitoringPort()).isZero();
        assertThat(fromEnvironment(Map.of("FERRY_MONITORING_PORT", "8081")).monitoringPort()).isEqualTo(8081);
        assertThat(PlatformProfile.environmentVariable("monitoring.port")).isEqualTo("FERRY_MONITORING_PORT");
    }

    @Test
    void rejects_a_monitoring_port_that_is_not_a_port() {
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_MONITORING_PORT", "-2")))).isEqualTo(
                "environment variable FERRY_MONITORING_PORT: monitoring.port: expected -1 (no monitoring endpoint), "
                        + "0 (any free port) or a port up to 65535, got '-2'");
        assertThat(errorOf(() -> PlatformProfile.builder().set("monitoring.port", "65536").build()))
                .startsWith("code: monitoring.port: expected -1");
        assertThat(errorOf(() -> PlatformProfile.builder().set("monitoring.port", "http").build()))
                .endsWith("got 'http'");
    }

    @Test
    void reads_the_lag_window_of_the_health_verdict_in_whole_seconds() throws IOException {
        assertThat(PlatformProfile.builder().build().lagWindow()).isEqualTo(Duration.ofSeconds(AppStatus.LAG_WINDOW));
        assertThat(fromFile(yaml("monitoring:\n  lag-window: 1m\n")).lagWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(PlatformProfile.environmentVariable("monitoring.lag-window")).isEqualTo("FERRY_MONITORING_LAG_WINDOW");
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_MONITORING_LAG_WINDOW", "1500ms")))).isEqualTo(
                "environment variable FERRY_MONITORING_LAG_WINDOW: monitoring.lag-window: expected whole seconds from "
                        + "2s to 1h (lag is sampled once a second), got '1500ms'");
        assertThat(errorOf(() -> PlatformProfile.builder().set("monitoring.lag-window", "1s").build())).endsWith("got '1s'");
        assertThat(errorOf(() -> PlatformProfile.builder().set("monitoring.lag-window", "2h").build())).endsWith("got '2h'");
    }

    @Test
    void names_the_format_write_back_and_listeners_leaving_it_to_the_engine_to_find_them() {
        PlatformProfile profile = fromEnvironment(Map.of("FERRY_WRITE_BACK", "proxy", "FERRY_FORMAT", "avro",
                "FERRY_LISTENERS", "hub-announcer, audit"));

        assertThat(profile.writeBack()).isEqualTo("proxy");
        assertThat(profile.format()).isEqualTo("avro");
        assertThat(profile.listeners()).containsExactly("hub-announcer", "audit");
        assertThat(PlatformProfile.builder().build().listeners()).isEmpty();
    }

    @Test
    void rejects_a_plug_in_name_that_is_not_a_name() {
        assertThat(errorOf(() -> PlatformProfile.builder().set("format", "Avro 2").build()))
                .isEqualTo("code: format: 'Avro 2' is not a valid name: use lower-case letters, digits, '.', '_' and '-'");
        assertThat(errorOf(() -> fromEnvironment(Map.of("FERRY_LISTENERS", "audit,,hub"))))
                .startsWith("environment variable FERRY_LISTENERS: listeners: '' is not a listener name");
    }

    @Test
    void gives_each_plug_in_its_own_settings_and_where_each_came_from() throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, "plugins:\n  avro:\n    schemas: schemas/avro\n  proxy.url: http://proxy:8080\n");

        PlatformProfile profile = PlatformProfile.builder().file(file)
                .environment(Map.of("FERRY_PLUGINS_PROXY_TIMEOUT", "2s")).build();

        assertThat(profile.pluginSettings("avro")).containsExactly(Map.entry("schemas", "schemas/avro"));
        assertThat(profile.pluginSettings("proxy")).containsExactly(Map.entry("timeout", "2s"),
                Map.entry("url", "http://proxy:8080"));
        assertThat(profile.pluginSources("avro")).containsEntry("schemas",
                "platform profile " + file + ": plugins.avro.schemas");
        assertThat(profile.pluginSources("proxy")).containsEntry("timeout",
                "environment variable FERRY_PLUGINS_PROXY_TIMEOUT: plugins.proxy.timeout");
        assertThat(profile.pluginSettings("nobody")).isEmpty();
    }

    @Test
    void a_double_underscore_ends_a_hyphenated_plug_in_name_in_a_variable() {
        PlatformProfile profile = fromEnvironment(Map.of("FERRY_PLUGINS_UPPER_CASE__SUFFIX", "!",
                "FERRY_PLUGINS_PG_STORE__JDBC_URL", "jdbc:postgresql://db/test", "FERRY_PLUGINS_TEXT_MAX_LENGTH", "80"));

        assertThat(profile.pluginSettings("upper-case")).containsExactly(Map.entry("suffix", "!"));
        assertThat(profile.pluginSettings("pg-store")).containsExactly(Map.entry("jdbc-url", "jdbc:postgresql://db/test"));
        assertThat(profile.pluginSettings("text")).containsExactly(Map.entry("max-length", "80"));
    }

    @Test
    void rejects_a_plugins_key_without_a_plug_in_and_a_setting() {
        assertThat(errorOf(() -> PlatformProfile.builder().set("plugins.avro", "x").build()))
                .startsWith("code: unknown setting 'plugins.avro'; known settings are ");
    }

    @Test
    void rejects_a_profile_file_named_by_ferry_profile_that_does_not_exist() {
        String missing = dir.resolve("missing.yaml").toString();

        assertThat(errorOf(() -> PlatformProfile.load(Map.of("FERRY_PROFILE", missing))))
                .isEqualTo("FERRY_PROFILE names '" + missing + "', which is not a readable file");
    }

    // --- the cluster -------------------------------------------------------------------------------

    @Test
    void has_a_cluster_once_bootstrap_servers_are_set() {
        assertThat(PlatformProfile.builder().build().hasCluster()).isFalse();
        assertThat(PlatformProfile.builder().bootstrapServers("b:9092").build().hasCluster()).isTrue();
        assertThat(fromEnvironment(Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "b:9092")).hasCluster()).isTrue();
    }

    @Test
    void says_that_other_kafka_settings_mean_a_cluster_when_its_address_is_missing() throws IOException {
        Path file = yaml("kafka:\n  common:\n    security.protocol: SASL_SSL\n");
        PlatformProfile profile = fromFile(file);

        assertThat(profile.configuresKafka()).isTrue();
        assertThat(profile.hasCluster()).isFalse();
        assertThat(errorOf(profile::bootstrapServers)).isEqualTo("no Kafka cluster configured (the profile sets "
                + "kafka.common.security.protocol, from platform profile " + file + ", so it is about a cluster, and no "
                + "embedded dev broker stands in for it): set kafka.common.bootstrap.servers in ferry.yaml or "
                + "FERRY_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void knows_whether_anything_is_set_and_where_it_came_from() {
        assertThat(PlatformProfile.builder().build().isEmpty()).isTrue();
        assertThat(PlatformProfile.builder().build().configuresKafka()).isFalse();
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of("FERRY_GUARANTEE", "exactly-once"))
                .set("kafka.common.bootstrap.servers", "localhost:1234", "the dev broker").build();

        assertThat(profile.isEmpty()).isFalse();
        assertThat(profile.sources()).containsExactly(entry("guarantee", "environment variable FERRY_GUARANTEE"),
                entry("kafka.common.bootstrap.servers", "the dev broker"));
        assertThat(profile.sourceOf("consumer", "bootstrap.servers")).isEqualTo("the dev broker");
    }

    @Test
    void says_how_to_set_the_bootstrap_servers_when_they_are_missing() {
        PlatformProfile profile = PlatformProfile.builder().build();

        assertThat(errorOf(profile::bootstrapServers)).isEqualTo("no Kafka cluster configured: set "
                + "kafka.common.bootstrap.servers in ferry.yaml or FERRY_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void hides_secrets_when_described() {
        PlatformProfile profile = PlatformProfile.builder()
                .kafka("common", "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule s3cr3t-value")
                .kafka("consumer", "ssl.key.password", "hunter2")
                .build();

        assertThat(profile.describe()).containsEntry("kafka.common.sasl.jaas.config", "****")
                .containsEntry("kafka.consumer.ssl.key.password", "****");
        assertThat(profile.toString()).doesNotContain("s3cr3t-value", "hunter2");
    }

    @Test
    void builds_a_changed_copy_without_changing_the_original() {
        PlatformProfile original = PlatformProfile.builder().bootstrapServers("a:9092").build();

        PlatformProfile changed = original.toBuilder().set("retry.max-attempts", "2").build();

        assertThat(changed.bootstrapServers()).isEqualTo("a:9092");
        assertThat(changed.retryMaxAttempts()).isEqualTo(2);
        assertThat(original.retryMaxAttempts()).isEqualTo(10);
    }

    static class AsksExactlyOnce {
        @Ferry(app = "asks-eos", topics = "in", delivery = Delivery.EXACTLY_ONCE,
                concurrency = 3)
        static void run(List<String> events) {
        }
    }

    static class AsksAtLeastOnce {
        @Ferry(app = "asks-alo", topics = "in", delivery = Delivery.AT_LEAST_ONCE)
        static void run(List<String> events) {
        }
    }

    @Test
    void an_app_raises_the_guarantee_and_sets_its_concurrency_but_never_weakens_the_platforms() {
        PlatformProfile atMostOnce = PlatformProfile.builder().set("guarantee", "at-most-once").build();
        PlatformProfile raised = atMostOnce.forApp(AppDescriptor.of(AsksExactlyOnce.class));
        assertThat(raised.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(raised.sourceOf("guarantee"))
                .isEqualTo("@Ferry(delivery) of app 'asks-eos'");
        assertThat(raised.concurrency()).isEqualTo(3);

        PlatformProfile exactlyOnce = PlatformProfile.builder().set("guarantee", "exactly-once")
                .set("concurrency", "4").build();
        PlatformProfile kept = exactlyOnce.forApp(AppDescriptor.of(AsksAtLeastOnce.class));
        assertThat(kept.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(kept.concurrency()).as("the platform's").isEqualTo(4);
    }

    @Test
    void rejects_a_concurrency_out_of_range_naming_where_it_came_from() {
        assertThatThrownBy(() -> PlatformProfile.builder()
                        .environment(Map.of("FERRY_CONCURRENCY", "5000")).build())
                .isInstanceOf(ProfileException.class)
                .hasMessage("environment variable FERRY_CONCURRENCY: concurrency: expected at most 1000, got 5000");
    }
}
