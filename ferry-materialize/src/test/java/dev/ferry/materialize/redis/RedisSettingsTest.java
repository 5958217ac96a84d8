package dev.ferry.materialize.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.materialize.Materialization;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.MaterializeSpec;
import dev.ferry.materialize.TargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis target's keys, read from the file and the profile, and the sentence for each mistake. */
class RedisSettingsTest {

    @TempDir
    Path dir;

    private static TargetConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
            sources.put(keyValues[i], "materialize file m.yaml: target." + keyValues[i]);
        }
        return new TargetConfig("redis", values, sources, "m.yaml");
    }

    private static RedisSettings read(String... keyValues) {
        return RedisSettings.read(config(keyValues), "features");
    }

    @Test
    void without_settings_it_is_the_local_redis_database_0_with_the_apps_name_as_prefix_and_no_ttl() {
        RedisSettings s = read();

        assertThat(s).isEqualTo(new RedisSettings("127.0.0.1", 6379, false, Optional.empty(), Optional.empty(), 0,
                "features:", Optional.empty(), Duration.ofSeconds(5)));
    }

    @Test
    void a_url_gives_the_host_port_credentials_database_and_tls() {
        RedisSettings s = read("url", "rediss://ml:p%40ss@redis.internal:6380/3", "ttl", "24h", "key-prefix", "f:c:");

        assertThat(s).isEqualTo(new RedisSettings("redis.internal", 6380, true, Optional.of("ml"), Optional.of("p@ss"), 3,
                "f:c:", Optional.of(Duration.ofHours(24)), Duration.ofSeconds(5)));
        assertThat(s.toString()).as("what messages show").doesNotContain("p@ss").contains("password set");
    }

    @Test
    void the_separate_keys_give_host_port_user_password_and_database() {
        RedisSettings s = read("host", "redis.internal", "port", "6380", "user", "ml", "password", "secret",
                "database", "2", "timeout", "250ms");

        assertThat(s).isEqualTo(new RedisSettings("redis.internal", 6380, false, Optional.of("ml"),
                Optional.of("secret"), 2, "features:", Optional.empty(), Duration.ofMillis(250)));
    }

    @Test
    void url_and_host_together_are_refused_naming_both() {
        assertThatThrownBy(() -> read("url", "redis://a:6379", "host", "b"))
                .isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file m.yaml: target.host: the url is also set (materialize file m.yaml: "
                        + "target.url); give either url or host, port and database, not both");
    }

    @Test
    void a_url_that_is_not_a_redis_url_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> read("url", "http://u:secret@a:6379"))
                .hasMessage("materialize file m.yaml: target.url: 'http://***@a:6379' is not a Redis URL such as "
                        + "redis://127.0.0.1:6379/0 (redis://[user:password@]host[:port][/database]): its scheme must "
                        + "be redis:// (or rediss:// for TLS)");
        assertThatThrownBy(() -> read("url", "redis://a:6379/zero")).hasMessageContaining("its path '/zero' is not a "
                + "database index such as /0");
        assertThatThrownBy(() -> read("url", "redis://secret@a")).hasMessageContaining("write redis://:password@host");
    }

    @Test
    void a_password_in_the_url_and_in_its_own_key_is_refused() {
        assertThatThrownBy(() -> read("url", "redis://:a@h", "password", "b"))
                .hasMessage("materialize file m.yaml: target.password: the password is also in materialize file "
                        + "m.yaml: target.url; give it in one place");
    }

    @Test
    void numbers_and_durations_out_of_range_are_refused_naming_the_key() {
        assertThatThrownBy(() -> read("port", "70000"))
                .hasMessage("materialize file m.yaml: target.port: '70000' is not a whole number from 1 to 65535");
        assertThatThrownBy(() -> read("database", "-1"))
                .hasMessageStartingWith("materialize file m.yaml: target.database: '-1' is not a whole number");
        assertThatThrownBy(() -> read("ttl", "1 day"))
                .hasMessage("materialize file m.yaml: target.ttl: expected a duration such as 500ms, 30s, 2m or 1h, "
                        + "got '1 day'");
        assertThatThrownBy(() -> read("ttl", "0s"))
                .hasMessage("materialize file m.yaml: target.ttl: is zero; leave ttl out for hashes that never expire");
        assertThatThrownBy(() -> read("timeout", "0ms")).hasMessageContaining("target.timeout: must be from 1ms");
    }

    @Test
    void a_key_prefix_with_a_space_is_refused() {
        assertThatThrownBy(() -> read("key-prefix", "my features:"))
                .hasMessage("materialize file m.yaml: target.key-prefix: 'my features:' has a space or a control "
                        + "character; use letters, digits and punctuation such as features:clients:");
    }

    private Path file(String target) throws IOException {
        Files.writeString(dir.resolve("s.json"), RedisMaterializeTest.SCHEMA);
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, "topic: features\nschema: s.json\ntarget:\n  type: redis\n" + target);
        return f;
    }

    private static PlatformProfile profile(String... keyValues) {
        PlatformProfile.Builder b = PlatformProfile.builder().bootstrapServers("127.0.0.1:9");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    @Test
    void the_profile_gives_what_the_file_leaves_out_and_the_file_wins() throws IOException {
        MaterializeSpec spec = MaterializeSpec.load(file("  key: client\n  host: from-file\n"));

        RedisSettings s = RedisSettings.read(spec.targetConfig(profile("plugins.redis.host", "from-profile",
                "plugins.redis.password", "from-profile")), spec.name());

        assertThat(s.host()).isEqualTo("from-file");
        assertThat(s.password()).contains("from-profile");
        assertThat(s.keyPrefix()).isEqualTo("materialize-features:");
    }

    @Test
    void the_example_file_of_the_docs_is_valid() throws IOException {
        Files.writeString(dir.resolve("client-features.schema.json"), RedisMaterializeTest.SCHEMA);
        Path f = dir.resolve("features.yaml");
        // docs/materialize.md, under Redis
        Files.writeString(f, """
                materialize: client-features
                topic: client.features
                schema: client-features.schema.json   # or leave it out: the schema of the app that writes the topic
                target:
                  type: redis
                  key: client                 # or event-key
                  fields: [score, visits, profile.country]   # leave it out for every top-level field
                  key-prefix: 'features:client:'
                  ttl: 24h
                  url: redis://127.0.0.1:6379/0
                """);

        Materialization m = Materialization.prepare(f, profile());

        assertThat(m.destination()).isEqualTo("features:client:");
        assertThat(m.descriptor().outputs().get(0).topic()).isEqualTo("redis.features_client_");
    }

    @Test
    void a_materialization_without_a_key_is_refused_before_it_starts() throws IOException {
        Path f = file("  ttl: 1h\n");

        assertThatThrownBy(() -> Materialization.prepare(f, profile()))
                .isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.key: missing; the redis target writes one hash per "
                        + "entity key: name it, as target.key: event-key (the event's key) or a field path such as "
                        + "target.key: client");
    }

    @Test
    void an_unknown_target_key_is_refused_naming_the_redis_keys() throws IOException {
        Path f = file("  key: client\n  expire: 1h\n");

        assertThatThrownBy(() -> Materialization.prepare(f, profile()))
                .hasMessageContaining("target.expire: unknown key for target redis; its keys are database, fields, host, "
                        + "key, key-prefix, max-column-bytes, nested, password, port, timeout, ttl, type, url, user");
    }

    @Test
    void a_bad_setting_in_the_profile_names_the_profile_key() throws IOException {
        Path f = file("  key: client\n");

        assertThatThrownBy(() -> Materialization.prepare(f, profile("plugins.redis.port", "six")))
                .hasMessageContaining("plugins.redis.port")
                .hasMessageContaining("'six' is not a whole number from 1 to 65535");
    }
}
