package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ferry acl prints an app's ACLs without a cluster, and says clearly what stops it from applying them. */
class AclCommandTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void prints_one_line_per_acl_with_why_without_reaching_a_cluster() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", HelloApp.class.getName(), "--principal", "User:hello");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(String.join("\n",
                "app 'cli-hello' needs 5 ACL(s) for User:hello (ALLOW, host *):",
                "RESOURCE         PATTERN   NAME                             OPERATION WHY",
                "TOPIC            LITERAL   cli.hello                        READ      input topic",
                "GROUP            LITERAL   cli-hello                        READ      consumer group: join it, "
                        + "commit offsets",
                "TOPIC            LITERAL   ferry.audit                      READ      audit topic: ferry skip "
                        + "and ferry replay records",
                "TOPIC            LITERAL   ferry.status                     WRITE     status topic: status reports",
                "TOPIC            LITERAL   ferry.apps                       WRITE     announce topic: the app's "
                        + "announcement", ""));
    }

    @Test
    void through_the_proxy_the_app_gets_no_write_on_its_dead_letter_topic() {
        Map<String, String> deadLetters = Map.of("FERRY_POISON_POLICY", "dead-letter");
        Cli.Result direct = Cli.in(dir, deadLetters).run("acl", HelloApp.class.getName(), "--principal", "User:hello");
        assertThat(direct.out()).startsWith("app 'cli-hello' needs 6 ACL(s)")
                .contains("cli-hello.dead-letter            WRITE     dead-letter topic");

        Cli.Result proxied = Cli.in(dir, deadLetters).run("acl", HelloApp.class.getName(), "--principal", "User:hello",
                "--proxy");
        assertThat(proxied.exitCode()).as(proxied.err()).isZero();
        assertThat(proxied.out()).startsWith("app 'cli-hello' needs 5 ACL(s)").doesNotContain("dead-letter");

        Cli.Result byProfile = Cli.in(dir, Map.of("FERRY_POISON_POLICY", "dead-letter", "FERRY_WRITE_BACK", "proxy"))
                .run("acl", HelloApp.class.getName(), "--principal", "User:hello");
        assertThat(byProfile.out()).as("write-back: proxy in the profile does the same").isEqualTo(proxied.out());
    }

    @Test
    void prints_the_proxys_acls_for_writing_an_apps_outputs() {
        Cli.Result result = Cli.in(dir, Map.of("FERRY_POISON_POLICY", "dead-letter"))
                .run("acl", HelloApp.class.getName(), "--proxy-principal", "User:ferry-proxy");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(String.join("\n",
                "the write-back proxy, writing for app 'cli-hello', needs 4 ACL(s) for User:ferry-proxy (ALLOW, host *):",
                "RESOURCE         PATTERN   NAME                             OPERATION WHY",
                "TOPIC            LITERAL   cli-hello.dead-letter            WRITE     dead-letter topic of app 'cli-hello'",
                "TOPIC            LITERAL   cli-hello.dead-letter            DESCRIBE  dead-letter topic of app 'cli-hello'",
                "CLUSTER          LITERAL   kafka-cluster                    IDEMPOTENT_WRITE the proxy's idempotent producer",
                "TOPIC            LITERAL   ferry.apps                       READ      announce topic: the proxy's catalog "
                        + "of the apps' outputs and schemas", ""));
    }

    @Test
    void prints_json_with_principal_permission_and_host() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", HelloApp.class.getName(), "--principal", "User:hello",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("[ {").contains("\"resourceType\" : \"GROUP\"")
                .contains("\"principal\" : \"User:hello\"").contains("\"permission\" : \"ALLOW\"")
                .contains("\"host\" : \"*\"").contains("\"reason\" : \"input topic\"").doesNotContain("state");
    }

    @Test
    void takes_the_principal_from_the_profiles_plain_username() {
        Cli.Result result = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "FERRY_KAFKA_COMMON_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "FERRY_KAFKA_COMMON_SASL_MECHANISM", "PLAIN",
                "FERRY_KAFKA_COMMON_SASL_JAAS_CONFIG", AuthorizingBroker.jaas("hello-app", "s3cret")))
                .run("acl", HelloApp.class.getName());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("app 'cli-hello' needs 5 ACL(s) for User:hello-app").doesNotContain("s3cret");
    }

    @Test
    void takes_the_principal_from_the_profiles_sasl_username_without_reading_its_password() {
        Cli.Result result = Cli.in(dir, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "FERRY_SECURITY_PROTOCOL", "SASL_SSL", "FERRY_SECURITY_SASL_USERNAME", "predict-foo",
                "FERRY_SECURITY_SASL_PASSWORD_FILE", dir.resolve("not-on-this-machine.password").toString()))
                .run("acl", HelloApp.class.getName());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("app 'cli-hello' needs 5 ACL(s) for User:predict-foo");
    }

    @Test
    void without_a_principal_to_take_it_asks_for_one() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", HelloApp.class.getName());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Missing --principal: the profile logs in with no SASL username (security.sasl.username)");
    }

    @Test
    void a_principal_without_its_type_is_refused() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", HelloApp.class.getName(), "--principal", "hello");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("--principal hello: expected TYPE:NAME, such as User:predict-foo");
    }

    @Test
    void an_app_that_is_not_there_is_named() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", "no.such.App", "--principal", "User:x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("ferry: class 'no.such.App' not found");
    }

    @Test
    void a_cluster_without_an_authorizer_is_reported_as_such() {
        Cli.Result result = Cli.in(dir, Map.of()).run("acl", HelloApp.class.getName(), "--principal", "User:x",
                "--apply", "-b", KAFKA.bootstrapServers());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ferry: the cluster at '" + KAFKA.bootstrapServers() + "' (from "
                + "--bootstrap-server) has no authorizer (authorizer.class.name is not set on its brokers): every client "
                + "may do everything there, so there are no ACLs to create. Set an authorizer (KRaft: "
                + "org.apache.kafka.metadata.authorizer.StandardAuthorizer) for ACLs to mean anything\n");
    }
}
