package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Kafka client properties: the profile's, plus the ones the guarantee depends on, which Ferry owns. */
class KafkaClientsTest {

    static class FromTheStart {
        @Ferry(app = "from-start", topics = "in", start = Start.BEGINNING, batchSize = 25)
        static void run(List<String> events) {
        }
    }

    static class FromTheEnd {
        @Ferry(app = "from-end", topics = "in")
        static void run(List<String> events) {
        }
    }

    private static final AppDescriptor FROM_START = AppDescriptor.of(FromTheStart.class);

    private static PlatformProfile withCluster() {
        return PlatformProfile.builder().bootstrapServers("b:9092").build();
    }

    private static String errorOf(Supplier<?> action) {
        Throwable thrown = catchThrowable(action::get);
        assertThat(thrown).as("should reject the profile").isInstanceOf(ProfileException.class);
        return thrown.getMessage();
    }

    @Test
    void gives_the_consumer_the_apps_group_batch_size_and_start() {
        Map<String, Object> props = KafkaClients.consumer(FROM_START, withCluster(), 2);

        assertThat(props).containsEntry("group.id", "from-start")
                .containsEntry("max.poll.records", "25")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("client.id", "from-start-" + AppInstance.of(withCluster()).name() + "-consumer-2")
                .containsEntry("key.deserializer", ByteArrayDeserializer.class.getName())
                .containsEntry("value.deserializer", ByteArrayDeserializer.class.getName());
    }

    @Test
    void names_the_instance_in_the_consumers_client_id_so_the_groups_members_tell_instances_apart() {
        PlatformProfile pod = withCluster().toBuilder().set("instance-id", "pod-3").build();

        assertThat(KafkaClients.consumer(FROM_START, pod, 2)).containsEntry("client.id", "from-start-pod-3-consumer-2");
        assertThat(AppInstance.of(withCluster()).name()).as("host and pid without an instance-id")
                .isEqualTo(AppInstance.of(withCluster()).host() + "-" + ProcessHandle.current().pid());
    }

    @Test
    void starts_a_new_app_at_the_end_by_default() {
        Map<String, Object> props = KafkaClients.consumer(AppDescriptor.of(FromTheEnd.class), withCluster(), 0);

        assertThat(props).containsEntry("auto.offset.reset", "latest").containsEntry("max.poll.records", "100");
    }

    @Test
    void gives_the_producer_acks_from_all_replicas_and_idempotence() {
        Map<String, Object> props = KafkaClients.producer(FROM_START, withCluster(), 1);

        assertThat(props).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "from-start-producer-1")
                .containsEntry("key.serializer", ByteArraySerializer.class.getName())
                .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    }

    @Test
    void defaults_the_producer_for_throughput_and_lets_the_profile_override_each_setting() {
        Map<String, Object> defaults = KafkaClients.producer(FROM_START, withCluster(), 0);
        assertThat(defaults).containsEntry("linger.ms", "5").containsEntry("batch.size", "65536")
                .containsEntry("compression.type", "lz4");

        Map<String, Object> overridden = KafkaClients.producer(FROM_START, withCluster().toBuilder()
                .kafka("producer", "compression.type", "zstd").kafka("producer", "linger.ms", "20").build(), 0);
        assertThat(overridden).containsEntry("compression.type", "zstd").containsEntry("linger.ms", "20")
                .containsEntry("batch.size", "65536");
    }

    @Test
    void passes_the_profiles_own_client_properties_through() {
        PlatformProfile profile = withCluster().toBuilder()
                .kafka("consumer", "fetch.min.bytes", "1024")
                .kafka("producer", "linger.ms", "5")
                .kafka("common", "client.id", "shared")
                .build();

        assertThat(KafkaClients.consumer(FROM_START, profile, 0)).containsEntry("fetch.min.bytes", "1024")
                .containsEntry("client.id", "shared").doesNotContainKey("linger.ms");
        assertThat(KafkaClients.producer(FROM_START, profile, 0)).containsEntry("linger.ms", "5")
                .doesNotContainKey("fetch.min.bytes");
    }

    @Test
    void rejects_a_profile_that_turns_on_auto_commit_naming_the_property_and_why() {
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of(
                "FERRY_KAFKA_BOOTSTRAP_SERVERS", "b:9092",
                "FERRY_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT", "true")).build();

        assertThat(errorOf(() -> KafkaClients.consumer(FROM_START, profile, 0))).isEqualTo(
                "environment variable FERRY_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT: kafka consumer property "
                        + "'enable.auto.commit' is set by Ferry (offsets are committed only after outputs are "
                        + "acknowledged); remove it from the profile");
    }

    @Test
    void rejects_a_profile_that_sets_the_producers_acks_naming_the_property_and_why() {
        PlatformProfile profile = withCluster().toBuilder().kafka("producer", "acks", "1").build();

        assertThat(errorOf(() -> KafkaClients.producer(FROM_START, profile, 0))).isEqualTo(
                "code: kafka producer property 'acks' is set by Ferry (at-least-once needs acks=all); "
                        + "remove it from the profile");
    }

    @Test
    void rejects_an_owned_property_set_for_every_client() {
        PlatformProfile profile = withCluster().toBuilder().kafka("common", "group.id", "someone-else").build();

        assertThat(errorOf(() -> KafkaClients.consumer(FROM_START, profile, 0)))
                .contains("kafka consumer property 'group.id' is set by Ferry (the group id is the app's name)");
    }

    @Test
    void rejects_setting_max_poll_records_because_it_is_the_batch_size() {
        PlatformProfile profile = withCluster().toBuilder().kafka("consumer", "max.poll.records", "500").build();

        assertThat(errorOf(() -> KafkaClients.consumer(FROM_START, profile, 0)))
                .contains("'max.poll.records' is set by Ferry (it is the app's batchSize)");
    }

    @Test
    void needs_a_cluster_to_build_clients() {
        PlatformProfile noCluster = PlatformProfile.builder().build();

        assertThat(errorOf(() -> KafkaClients.consumer(FROM_START, noCluster, 0))).startsWith("no Kafka cluster configured");
        assertThat(errorOf(() -> KafkaClients.producer(FROM_START, noCluster, 0))).startsWith("no Kafka cluster configured");
    }

    @Test
    void bounds_the_admin_clients_timeouts_by_the_startup_timeout() {
        PlatformProfile profile = withCluster().toBuilder().set("startup-timeout", "5s").build();

        Map<String, Object> props = KafkaClients.admin(profile, "from-start-startup");

        assertThat(props).containsEntry("client.id", "from-start-startup")
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("default.api.timeout.ms", 5000)
                .containsEntry("request.timeout.ms", 5000);
    }

    @Test
    void exactly_once_producers_get_a_short_transaction_timeout_and_an_id_per_process_by_default() {
        PlatformProfile profile = withCluster().toBuilder().set("guarantee", "exactly-once").build();

        Map<String, Object> first = KafkaClients.producer(FROM_START, profile, 0);
        Map<String, Object> second = KafkaClients.producer(FROM_START, profile, 1);

        assertThat(first).containsEntry("transaction.timeout.ms", "10000");
        assertThat((String) first.get("transactional.id")).matches("from-start-[0-9a-f]{8}-0");
        assertThat((String) second.get("transactional.id"))
                .isEqualTo(((String) first.get("transactional.id")).replaceAll("-0$", "-1"));
    }

    @Test
    void a_stable_instance_id_names_the_transactional_ids_so_a_restart_fences_its_predecessor() {
        PlatformProfile profile = withCluster().toBuilder().set("guarantee", "exactly-once")
                .set("instance-id", "predict-foo-2").build();

        assertThat(KafkaClients.producer(FROM_START, profile, 3)).containsEntry("transactional.id", "from-start-predict-foo-2-3");
    }

    @Test
    void the_profile_may_choose_another_transaction_timeout() {
        PlatformProfile profile = withCluster().toBuilder().set("guarantee", "exactly-once")
                .kafka("producer", "transaction.timeout.ms", "30000").build();

        assertThat(KafkaClients.producer(FROM_START, profile, 0)).containsEntry("transaction.timeout.ms", "30000");
    }

    @Test
    void at_least_once_producers_are_not_transactional() {
        assertThat(KafkaClients.producer(FROM_START, withCluster(), 0))
                .doesNotContainKeys("transactional.id", "transaction.timeout.ms");
    }

    @Test
    void rejects_an_instance_id_that_cannot_be_part_of_a_transactional_id() {
        assertThat(errorOf(() -> withCluster().toBuilder().set("instance-id", "pod 1/a").build())).isEqualTo(
                "code: instance-id: 'pod 1/a' is not a valid instance id: it becomes part of Kafka transactional ids "
                        + "(<app>-<instance-id>-<consumer>), so use at most 100 letters, digits, '.', '_' or '-', e.g. "
                        + "the StatefulSet pod name; or leave it empty for a random id per process");
    }

    @Test
    void reads_the_instance_id_from_its_environment_variable() {
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of("FERRY_INSTANCE_ID", "slot-1")).build();

        assertThat(profile.instanceId()).contains("slot-1");
        assertThat(PlatformProfile.builder().build().instanceId()).isEmpty();
    }

    @Test
    void a_stable_instance_id_makes_each_consumer_a_static_member_with_a_session_timeout_for_pods() {
        PlatformProfile profile = withCluster().toBuilder().set("instance-id", "pod-2").build();

        assertThat(KafkaClients.consumer(FROM_START, profile, 0)).containsEntry("group.instance.id", "from-start-pod-2-0")
                .containsEntry("session.timeout.ms", "60000");
        assertThat(KafkaClients.consumer(FROM_START, profile, 1)).containsEntry("group.instance.id", "from-start-pod-2-1");
    }

    @Test
    void without_an_instance_id_consumers_are_dynamic_members_with_kafkas_session_timeout() {
        assertThat(KafkaClients.consumer(FROM_START, withCluster(), 0))
                .doesNotContainKeys("group.instance.id", "session.timeout.ms");
    }

    @Test
    void the_fetch_wait_is_kafkas_unless_the_profile_says_otherwise() {
        assertThat(KafkaClients.consumer(FROM_START, withCluster(), 0)).doesNotContainKey("fetch.max.wait.ms");
        PlatformProfile profile = withCluster().toBuilder().kafka("consumer", "fetch.max.wait.ms", "3000").build();
        assertThat(KafkaClients.consumer(FROM_START, profile, 0)).containsEntry("fetch.max.wait.ms", "3000");
    }

    @Test
    void the_profile_may_choose_the_session_timeout_of_static_members() {
        PlatformProfile profile = withCluster().toBuilder().set("instance-id", "pod-2")
                .kafka("consumer", "session.timeout.ms", "20000").build();

        assertThat(KafkaClients.consumer(FROM_START, profile, 0)).containsEntry("session.timeout.ms", "20000");
    }

    @Test
    void consumers_of_the_consumer_group_protocol_stay_dynamic_members() {
        PlatformProfile profile = withCluster().toBuilder().set("instance-id", "pod-2")
                .kafka("consumer", "group.protocol", "consumer").build();

        assertThat(KafkaClients.consumer(FROM_START, profile, 0)).as("its broker refuses a restarted static member "
                + "until the crashed one's session times out").doesNotContainKeys("group.instance.id", "session.timeout.ms");
    }

    @Test
    void rejects_a_group_instance_id_in_the_profile() {
        PlatformProfile profile = withCluster().toBuilder().kafka("consumer", "group.instance.id", "pod-2").build();

        assertThat(errorOf(() -> KafkaClients.consumer(FROM_START, profile, 0))).isEqualTo("code: kafka consumer "
                + "property 'group.instance.id' is set by Ferry (it is <app>-<instance-id>-<consumer>, from the "
                + "profile's instance-id; set that instead); remove it from the profile");
    }
}
