package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry acl --apply} on a broker that authorizes (StandardAuthorizer, SASL/PLAIN, no ACL
 * meaning no access): with exactly the ACLs it creates, apps consume, write back, dead-letter and
 * commit under at-least-once and exactly-once; without one of them they fail naming it; and
 * what the app did not declare stays denied.
 */
class AclCommandIT {

    private static AuthorizingBroker broker;

    @TempDir
    Path dir;

    public record Echo(int id) { }

    public static class AtLeastOnce {
        @Ferry(app = "acl-alo", topics = "acl-alo.in", start = Start.BEGINNING,
                outputs = @Output(topic = "acl-alo.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class ExactlyOnce {
        @Ferry(app = "acl-eos", topics = "acl-eos.in", start = Start.BEGINNING, delivery = Delivery.EXACTLY_ONCE,
                outputs = @Output(topic = "acl-eos.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Poisoned {
        @Ferry(app = "acl-poison", topics = "acl-poison.in", start = Start.BEGINNING,
                outputs = @Output(topic = "acl-poison.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            if (events.stream().anyMatch(e -> e.id() < 0)) {
                throw new IllegalArgumentException("negative id");
            }
            return events;
        }
    }

    public static class Revoked {
        @Ferry(app = "acl-revoked", topics = "acl-revoked.in", start = Start.BEGINNING,
                outputs = @Output(topic = "acl-revoked.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Halting {
        @Ferry(app = "acl-halt", topics = "acl-halt.in", start = Start.BEGINNING,
                outputs = @Output(topic = "acl-halt.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Proxied {
        @Ferry(app = "acl-px", topics = "acl-px.in", start = Start.BEGINNING,
                outputs = @Output(topic = "acl-px.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            if (events.stream().anyMatch(e -> e.id() < 0)) {
                throw new IllegalArgumentException("negative id");
            }
            return events;
        }
    }

    @BeforeAll
    static void startBroker() {
        broker = AuthorizingBroker.start();
        for (String t : List.of("ferry.status", "ferry.apps", "ferry.audit", "acl-undeclared",
                "acl-alo.in", "acl-alo.out", "acl-eos.in", "acl-eos.out", "acl-poison.in", "acl-poison.out",
                "acl-poison.dead-letter", "acl-revoked.in", "acl-revoked.out", "acl-halt.in", "acl-halt.out", "acl-px.in", "acl-px.out",
                "acl-px.dead-letter")) {
            broker.createTopic(t, 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void noAclsYet() {
        broker.deleteAll();
    }

    private Cli.Result acl(Map<String, String> env, String... args) throws Exception {
        Path admin = dir.resolve("admin.properties");
        Files.writeString(admin, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + AuthorizingBroker.jaas("admin", AuthorizingBroker.ADMIN_PASSWORD).replace("\"", "\\\"") + "\n");
        List<String> all = new java.util.ArrayList<>(List.of("acl"));
        all.addAll(List.of(args));
        all.addAll(List.of("--apply", "--command-config", admin.toString()));
        return Cli.in(dir, env).run(all.toArray(String[]::new));
    }

    private static List<String> granted() {
        return broker.acls().stream().map(AclCommandIT::line).sorted().toList();
    }

    private static String line(AclBinding b) {
        return b.entry().principal() + " " + b.entry().permissionType() + " " + b.pattern().resourceType() + " "
                + b.pattern().patternType() + " " + b.pattern().name() + " " + b.entry().operation() + " " + b.entry().host();
    }

    private static List<String> events(int... ids) {
        return java.util.Arrays.stream(ids).mapToObj(i -> "{\"id\": " + i + "}").toList();
    }

    @Test
    void an_at_least_once_app_consumes_writes_back_and_commits_with_exactly_the_acls_it_printed() throws Exception {
        Cli.Result applied = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), AtLeastOnce.class.getName());

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).startsWith("app 'acl-alo' needs 6 ACL(s) for User:app (ALLOW, host *):")
                .contains("created  TOPIC            LITERAL   acl-alo.in                       READ      input topic")
                .endsWith("6 created, 0 already present\n");
        assertThat(granted()).containsExactly(
                "User:app ALLOW GROUP LITERAL acl-alo READ *",
                "User:app ALLOW TOPIC LITERAL acl-alo.in READ *",
                "User:app ALLOW TOPIC LITERAL acl-alo.out WRITE *",
                "User:app ALLOW TOPIC LITERAL ferry.apps WRITE *",
                "User:app ALLOW TOPIC LITERAL ferry.audit READ *",
                "User:app ALLOW TOPIC LITERAL ferry.status WRITE *");
        broker.produce("acl-alo.in", events(1, 2, 3));
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(AtLeastOnce.class), broker.appProfile().build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.committed("acl-alo") == 3);
            assertThat(broker.read("acl-alo.out", 3)).hasSize(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.read("ferry.status", 1).stream()
                    .anyMatch(s -> s.contains("\"app\":\"acl-alo\"")));
        }

        Cli.Result again = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), AtLeastOnce.class.getName());
        assertThat(again.out()).contains("present  GROUP").endsWith("0 created, 6 already present\n");
    }

    @Test
    void an_exactly_once_app_commits_in_transactions_with_its_prefixed_transactional_id_acl() throws Exception {
        Cli.Result applied = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), ExactlyOnce.class.getName());

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(granted()).contains("User:app ALLOW TRANSACTIONAL_ID PREFIXED acl-eos- WRITE *").hasSize(7);
        broker.produce("acl-eos.in", events(1, 2));
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(ExactlyOnce.class), broker.appProfile().build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.committed("acl-eos") == 2);
            assertThat(broker.read("acl-eos.out", 2)).hasSize(2);
        }
    }

    @Test
    void without_the_transactional_id_acl_an_exactly_once_app_fails_at_start_naming_it() throws Exception {
        acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), ExactlyOnce.class.getName());
        broker.delete(broker.acls().stream().filter(b -> b.pattern().name().equals("acl-eos-")).toList());

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(ExactlyOnce.class), broker.appProfile().build()))
                .isInstanceOf(StartupException.class).hasMessageContaining("transactional id")
                .hasMessageContaining("'acl-eos-");
    }

    @Test
    void a_poison_event_is_dead_lettered_with_the_dead_letter_acl() throws Exception {
        Files.writeString(dir.resolve("ferry.yaml"), "poison-policy: dead-letter\nretry:\n  max-attempts: 1\n");
        Cli.Result applied = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Poisoned.class.getName());

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("acl-poison.dead-letter           WRITE     dead-letter topic");
        assertThat(granted()).contains("User:app ALLOW TOPIC LITERAL acl-poison.dead-letter WRITE *").hasSize(7);
        broker.produce("acl-poison.in", events(1, -2, 3));
        PlatformProfile profile = broker.appProfile().file(dir.resolve("ferry.yaml")).build();
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Poisoned.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.committed("acl-poison") == 3);
        }
        assertThat(broker.read("acl-poison.dead-letter", 1)).containsExactly("{\"id\": -2}");
        assertThat(broker.read("acl-poison.out", 2)).hasSize(2);
    }

    @Test
    void without_write_on_its_output_the_app_fails_at_start_naming_the_topic_and_ferry_acl() throws Exception {
        acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Revoked.class.getName());
        broker.delete(broker.acls().stream().filter(b -> b.pattern().name().equals("acl-revoked.out")).toList());

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Revoked.class), broker.appProfile().build()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("does not allow this app's principal")
                .hasMessageContaining("WRITE on output topic 'acl-revoked.out'")
                .hasMessageContaining("ferry acl");
    }

    @Test
    void an_app_whose_write_on_its_output_is_revoked_while_it_runs_halts_naming_the_topic_and_ferry_acl() throws Exception {
        acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Halting.class.getName());
        broker.produce("acl-halt.in", events(1));
        PlatformProfile profile = broker.appProfile().set("retry.max-attempts", "1").build();
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Halting.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.committed("acl-halt") == 1);
            assertThat(broker.read("acl-halt.out", 1)).hasSize(1);
            broker.delete(broker.acls().stream().filter(b -> b.pattern().name().equals("acl-halt.out")).toList());
            broker.produce("acl-halt.in", events(2));

            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            assertThat(app.status().failure()).get().extracting(AppStatus.Failure::message).asString()
                    .contains("output topic 'acl-halt.out' event 0 could not be written")
                    .contains("Not authorized to access topics: [acl-halt.out]")
                    .contains("ferry acl APP --apply creates the ACLs the app needs");
            assertThat(broker.committed("acl-halt")).isEqualTo(1);
        }
    }

    @Test
    void without_read_on_its_group_the_app_fails_at_start_naming_the_group() throws Exception {
        acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Revoked.class.getName());
        broker.delete(broker.acls().stream().filter(b -> b.pattern().name().equals("acl-revoked")).toList());

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Revoked.class), broker.appProfile().build()))
                .isInstanceOf(StartupException.class).hasMessageContaining("READ on group 'acl-revoked'");
    }

    @Test
    void a_write_to_a_topic_the_app_did_not_declare_is_denied_naming_the_topic() throws Exception {
        acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), AtLeastOnce.class.getName());
        Map<String, Object> props = broker.clientProperties("app", AuthorizingBroker.APP_PASSWORD);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("max.block.ms", "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("acl-undeclared", "{}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics: [acl-undeclared]");
        }
    }

    @Test
    void the_admin_principal_must_be_allowed_to_create_acls() {
        Cli.Result result = Cli.in(dir, broker.env("app", AuthorizingBroker.APP_PASSWORD))
                .run("acl", AtLeastOnce.class.getName(), "--apply");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("ferry: the cluster at '" + broker.bootstrapServers() + "' (from ")
                .contains("does not allow this command's principal to read the ACLs of User:app")
                .contains("--command-config FILE").doesNotContain(AuthorizingBroker.APP_PASSWORD);
        assertThat(granted()).isEmpty();
    }

    @Test
    void through_the_proxy_an_app_without_any_write_on_its_outputs_writes_them_and_dead_letters() throws Exception {
        Files.writeString(dir.resolve("ferry.yaml"), "poison-policy: dead-letter\nretry:\n  max-attempts: 1\n");
        Cli.Result app = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Proxied.class.getName(), "--proxy");
        assertThat(app.exitCode()).as(app.err()).isZero();
        Cli.Result proxyAcls = acl(broker.env("app", AuthorizingBroker.APP_PASSWORD), Proxied.class.getName(),
                "--proxy-principal", "User:other");
        assertThat(proxyAcls.exitCode()).as(proxyAcls.err()).isZero();
        assertThat(proxyAcls.out()).startsWith("the write-back proxy, writing for app 'acl-px', needs 6 ACL(s) for "
                + "User:other").endsWith("6 created, 0 already present\n");
        assertThat(granted()).containsExactly(
                "User:app ALLOW GROUP LITERAL acl-px READ *",
                "User:app ALLOW TOPIC LITERAL acl-px.in READ *",
                "User:app ALLOW TOPIC LITERAL ferry.apps WRITE *",
                "User:app ALLOW TOPIC LITERAL ferry.audit READ *",
                "User:app ALLOW TOPIC LITERAL ferry.status WRITE *",
                "User:other ALLOW CLUSTER LITERAL kafka-cluster IDEMPOTENT_WRITE *",
                "User:other ALLOW TOPIC LITERAL acl-px.dead-letter DESCRIBE *",
                "User:other ALLOW TOPIC LITERAL acl-px.dead-letter WRITE *",
                "User:other ALLOW TOPIC LITERAL acl-px.out DESCRIBE *",
                "User:other ALLOW TOPIC LITERAL acl-px.out WRITE *",
                "User:other ALLOW TOPIC LITERAL ferry.apps READ *");

        String token = dev.ferry.proxy.TokenHash.newToken();
        Path tokenFile = Files.writeString(dir.resolve("acl-px.token"), token);
        Path config = Files.writeString(dir.resolve("proxy.yaml"), "listen: 127.0.0.1:0\ncatalog-wait: 10s\napps:\n"
                + "  acl-px: " + dev.ferry.proxy.TokenHash.of(token) + "\n");
        PlatformProfile proxyProfile = PlatformProfile.builder().bootstrapServers(broker.bootstrapServers())
                .kafka("common", "security.protocol", "SASL_PLAINTEXT").kafka("common", "sasl.mechanism", "PLAIN")
                .kafka("common", "sasl.jaas.config", AuthorizingBroker.jaas("other", "other-secret")).build();
        broker.produce("acl-px.in", events(1, -2, 3));
        try (dev.ferry.proxy.ProxyServer proxy = dev.ferry.proxy.ProxyServer.start(
                dev.ferry.proxy.ProxyConfig.load(config), proxyProfile)) {
            PlatformProfile profile = broker.appProfile().file(dir.resolve("ferry.yaml")).set("write-back", "proxy")
                    .set("plugins.proxy.address", proxy.address()).set("plugins.proxy.token-file", tokenFile.toString())
                    .set("plugins.proxy.timeout", "5s").build();
            try (RunningApp running = FerryEngine.start(AppDescriptor.of(Proxied.class), profile)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.committed("acl-px") == 3);
            }
        }
        List<String> outputs = broker.read("acl-px.out", 3);
        assertThat(outputs).as("written by the proxy's principal, once each").hasSize(2);
        assertThat(String.join("\n", outputs)).contains("\"id\":1").contains("\"id\":3").doesNotContain("-2");
        assertThat(broker.read("acl-px.dead-letter", 2)).containsExactly("{\"id\": -2}");
    }
}
