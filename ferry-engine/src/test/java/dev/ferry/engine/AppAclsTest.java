package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The ACL set of an app follows its declaration, its guarantee and its poison policy, and nothing else. */
class AppAclsTest {

    public record Echo(int id) { }

    public static class Orders {
        @Ferry(app = "orders", topics = {"orders.in", "orders.more"},
                outputs = {@Output(topic = "orders.out", schema = Echo.class),
                        @Output(topic = "orders.audit", schema = Echo.class)})
        public static java.util.Map<String, List<Echo>> route(List<Echo> events) {
            return java.util.Map.of();
        }
    }

    public static class Reader {
        @Ferry(app = "reader", topics = "reader.in")
        public static void read(List<String> events) {
        }
    }

    public static class Strict {
        @Ferry(app = "strict", topics = "strict.in", delivery = Delivery.EXACTLY_ONCE,
                outputs = @Output(topic = "strict.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    private static String line(AppAcls.Acl a) {
        return a.resourceType() + " " + a.patternType() + " " + a.name() + " " + a.operation() + " (" + a.reason() + ")";
    }

    private static List<String> lines(Class<?> app, PlatformProfile profile) {
        return AppAcls.of(AppDescriptor.of(app), profile).stream().map(AppAclsTest::line).toList();
    }

    @Test
    void an_at_least_once_app_reads_its_inputs_and_group_and_writes_its_outputs_and_the_platform_topics() {
        assertThat(lines(Orders.class, PlatformProfile.builder().build())).containsExactly(
                "TOPIC LITERAL orders.in READ (input topic)",
                "TOPIC LITERAL orders.more READ (input topic)",
                "GROUP LITERAL orders READ (consumer group: join it, commit offsets)",
                "TOPIC LITERAL orders.out WRITE (output topic)",
                "TOPIC LITERAL orders.audit WRITE (output topic)",
                "TOPIC LITERAL ferry.audit READ (audit topic: ferry skip and ferry replay records)",
                "TOPIC LITERAL ferry.status WRITE (status topic: status reports)",
                "TOPIC LITERAL ferry.apps WRITE (announce topic: the app's announcement)");
    }

    @Test
    void exactly_once_adds_write_on_the_apps_transactional_ids_by_prefix() {
        assertThat(lines(Orders.class, PlatformProfile.builder().set("guarantee", "exactly-once").build()))
                .contains("TRANSACTIONAL_ID PREFIXED orders- WRITE (transactional ids of exactly-once, one per "
                        + "instance and consumer)")
                .hasSize(9);
    }

    @Test
    void an_app_that_asks_for_exactly_once_gets_the_transactional_ids_under_an_at_least_once_platform() {
        assertThat(lines(Strict.class, PlatformProfile.builder().build()))
                .contains("TRANSACTIONAL_ID PREFIXED strict- WRITE (transactional ids of exactly-once, one per "
                        + "instance and consumer)");
    }

    @Test
    void at_least_once_and_at_most_once_need_no_transactional_id() {
        for (String guarantee : List.of("at-least-once", "at-most-once")) {
            assertThat(AppAcls.of(AppDescriptor.of(Orders.class), PlatformProfile.builder().set("guarantee", guarantee)
                    .build())).extracting(AppAcls.Acl::resourceType).doesNotContain(ResourceType.TRANSACTIONAL_ID)
                    .allMatch(t -> t == ResourceType.TOPIC || t == ResourceType.GROUP);
        }
    }

    @Test
    void the_dead_letter_policy_adds_write_on_the_dead_letter_topic_named_by_the_profile() {
        assertThat(lines(Reader.class, PlatformProfile.builder().set("poison-policy", "dead-letter").build()))
                .contains("TOPIC LITERAL reader.dead-letter WRITE (dead-letter topic (poison-policy dead-letter))");
        assertThat(lines(Reader.class, PlatformProfile.builder().set("poison-policy", "dead-letter")
                .set("dead-letter-topic", "dlq.{app}").build()))
                .contains("TOPIC LITERAL dlq.reader WRITE (dead-letter topic (poison-policy dead-letter))")
                .noneMatch(l -> l.contains("reader.dead-letter"));
        assertThat(lines(Reader.class, PlatformProfile.builder().build())).noneMatch(l -> l.contains("dead-letter topic"));
    }

    @Test
    void an_app_without_outputs_writes_only_the_platform_topics() {
        assertThat(AppAcls.of(AppDescriptor.of(Reader.class), PlatformProfile.builder().build()))
                .filteredOn(a -> a.operation() == AclOperation.WRITE).extracting(AppAcls.Acl::name)
                .containsExactly("ferry.status", "ferry.apps");
    }

    @Test
    void the_platform_topics_follow_the_profile_and_disappear_when_switched_off() {
        assertThat(lines(Reader.class, PlatformProfile.builder().set("status.topic", "").set("announce.topic", "")
                .set("audit.topic", "ops.audit").build())).containsExactly(
                "TOPIC LITERAL reader.in READ (input topic)",
                "GROUP LITERAL reader READ (consumer group: join it, commit offsets)",
                "TOPIC LITERAL ops.audit READ (audit topic: ferry skip and ferry replay records)");
    }

    @Test
    void a_topic_that_is_input_and_dead_letter_topic_is_granted_both_operations_and_nothing_twice() {
        PlatformProfile profile = PlatformProfile.builder().set("poison-policy", "dead-letter")
                .set("dead-letter-topic", "reader.in").set("status.topic", "ferry.apps").build();
        assertThat(lines(Reader.class, profile)).containsExactly(
                "TOPIC LITERAL reader.in READ (input topic)",
                "GROUP LITERAL reader READ (consumer group: join it, commit offsets)",
                "TOPIC LITERAL reader.in WRITE (dead-letter topic (poison-policy dead-letter))",
                "TOPIC LITERAL ferry.audit READ (audit topic: ferry skip and ferry replay records)",
                "TOPIC LITERAL ferry.apps WRITE (status topic: status reports)");
    }

    @Test
    void a_binding_allows_the_principal_from_any_host() {
        AclBinding binding = AppAcls.of(AppDescriptor.of(Reader.class), PlatformProfile.builder().build()).get(0)
                .binding("User:reader-app");
        assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
        assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
        assertThat(binding.pattern().name()).isEqualTo("reader.in");
        assertThat(binding.entry().principal()).isEqualTo("User:reader-app");
        assertThat(binding.entry().host()).isEqualTo("*");
        assertThat(binding.entry().operation()).isEqualTo(AclOperation.READ);
        assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
    }

    @Test
    void a_write_back_that_is_not_on_the_classpath_is_named() {
        assertThatThrownBy(() -> AppAcls.of(AppDescriptor.of(Reader.class), PlatformProfile.builder()
                .set("write-back", "nowhere").build()))
                .isInstanceOf(ProfileException.class).hasMessageContaining("nowhere");
    }
}
