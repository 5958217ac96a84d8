package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StartupException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a cluster with an authorizer (KRaft's StandardAuthorizer, SASL/PLAIN users), an app whose
 * principal may not read an input, join its group or write an output fails at start, naming what
 * it lacks, instead of failing later in a consumer thread.
 */
class PermissionsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required ";
    private static EmbeddedKafkaBroker broker;

    public record Echo(int id) { }

    public static class Guarded {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Ferry(app = "guarded", topics = "guarded.in", start = Start.BEGINNING,
                outputs = @Output(topic = "guarded.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            CALLS.incrementAndGet();
            return events;
        }
    }

    @BeforeAll
    static void startBrokerWithAnAuthorizer() {
        broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .brokerProperty("listener.name.plaintext.plain.sasl.jaas.config", JAAS
                        + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" "
                        + "user_reader=\"reader-secret\" user_viewer=\"viewer-secret\" user_full=\"full-secret\";")
                .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerProperty("super.users", "User:admin;User:ANONYMOUS")
                .adminClientProperty("security.protocol", "SASL_PLAINTEXT")
                .adminClientProperty("sasl.mechanism", "PLAIN")
                .adminClientProperty("sasl.jaas.config", JAAS + "username=\"admin\" password=\"admin-secret\";")
                .start();
        broker.createTopic("guarded.in", 1);
        broker.createTopic("guarded.out", 1);
        // reader may read the input but not join the group nor write the output; full may do all three
        allow("reader", ResourceType.TOPIC, "guarded.in", AclOperation.READ);
        // viewer may see the input but not read it; it may join the group and write the output
        allow("viewer", ResourceType.TOPIC, "guarded.in", AclOperation.DESCRIBE);
        allow("viewer", ResourceType.TOPIC, "guarded.out", AclOperation.WRITE);
        allow("viewer", ResourceType.GROUP, "guarded", AclOperation.READ);
        allow("full", ResourceType.TOPIC, "guarded.in", AclOperation.READ);
        allow("full", ResourceType.TOPIC, "guarded.out", AclOperation.WRITE);
        allow("full", ResourceType.GROUP, "guarded", AclOperation.READ);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void allow(String user, ResourceType type, String name, AclOperation operation) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS + "username=\"admin\" password=\"admin-secret\";"))) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an ACL for " + user, e);
        }
    }

    private static PlatformProfile profileOf(String user, String password) {
        return PlatformProfile.builder().bootstrapServers(broker.bootstrapServers())
                .kafka("common", "security.protocol", "SASL_PLAINTEXT")
                .kafka("common", "sasl.mechanism", "PLAIN")
                .kafka("common", "sasl.jaas.config", JAAS + "username=\"" + user + "\" password=\"" + password + "\";")
                .set("startup-timeout", "10s")
                .set("shutdown-timeout", "5s")
                .build();
    }

    @Test
    void a_principal_that_may_not_join_the_group_nor_write_the_output_fails_at_start_naming_both() {
        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Guarded.class), profileOf("reader", "reader-secret")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("app 'guarded': the cluster at '" + broker.bootstrapServers() + "' does not "
                        + "allow this app's principal")
                .hasMessageContaining("WRITE on output topic 'guarded.out' (it may not even see it, or it does not "
                        + "exist), READ on group 'guarded'")
                .hasMessageNotContaining("guarded.in")
                .hasMessageContaining("Ask the cluster's administrators");
        assertThat(Guarded.CALLS).hasValue(0);
    }

    @Test
    void a_principal_that_may_see_but_not_read_an_input_fails_at_start_naming_it() {
        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Guarded.class), profileOf("viewer", "viewer-secret")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("does not allow this app's principal (the credentials in the profile's "
                        + "kafka.common / kafka.consumer / kafka.producer settings) READ on input topic 'guarded.in'. ")
                .hasMessageNotContaining("guarded.out")
                .hasMessageNotContaining("group");
        assertThat(Guarded.CALLS).hasValue(0);
    }

    @Test
    void a_principal_with_every_permission_starts() {
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Guarded.class), profileOf("full", "full-secret"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().partitions() == 1);
        }
    }
}
