package dev.ferry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ferry deploy generates, without a cluster. */
class AppManifestsTest {

    @TempDir
    Path dir;

    private static AppManifests generate(dev.ferry.engine.AppDescriptor app, PlatformProfile profile, int partitions) {
        return AppManifests.generate(new DeploySpec(app, profile, "registry.local/predict:1.0", partitions, "ml"));
    }

    private static <T> T only(AppManifests m, Class<T> type) {
        List<T> found = m.objects().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName() + " objects").hasSize(1);
        return found.get(0);
    }

    @Test
    void an_at_least_once_app_gets_a_deployment_and_everything_around_it() {
        AppManifests m = generate(TestApps.predict(), TestApps.profile().build(), 6);

        assertThat(m.objects()).extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "Service", "Deployment", "PodDisruptionBudget", "ScaledObject");
        assertThat(m.objects()).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("ml");
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "predict-clicks")
                    .containsEntry("app.kubernetes.io/managed-by", "ferry");
            assertThat(o.getMetadata().getAnnotations()).containsEntry("ferry.dev/owner", "data-team@example.com")
                    .containsKey("ferry.dev/spec-hash");
        });
        Deployment d = only(m, Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.local/predict:1.0");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactly("FERRY_PROFILE");
        assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        assertThat(c.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8080")
                .containsKey("ferry.dev/config-hash");
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("shutdown-timeout 30s + close grace 5s + 5s").isEqualTo(40L);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        PodDisruptionBudget pdb = only(m, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name",
                "predict-clicks", "app.kubernetes.io/managed-by", "ferry"));
    }

    @Test
    void replicas_are_capped_so_that_every_consumer_owns_a_partition() {
        // 7 partitions over two topics, 2 consumers per pod: the 4th pod's consumers would be idle
        AppManifests m = generate(TestApps.predict(), TestApps.profile().set("kubernetes.replicas", "10").build(), 7);

        assertThat(m.limit().max()).isEqualTo(3);
        assertThat(only(m, Deployment.class).getSpec().getReplicas()).isEqualTo(3);
        assertThat(only(m, Deployment.class).getMetadata().getAnnotations())
                .containsEntry("ferry.dev/max-replicas", "3").containsEntry("ferry.dev/partitions", "7")
                .containsEntry("ferry.dev/consumers", "2");
        assertThat(m.limit().reason()).isEqualTo("its input topics have 7 partitions and each replica runs 2 consumers, "
                + "so at most 3 replicas get partitions");
    }

    @Test
    void an_exactly_once_app_runs_as_a_stateful_set_whose_pod_names_are_its_instance_ids() {
        AppManifests m = generate(TestApps.ledger(), TestApps.profile().build(), 3);

        assertThat(m.objects()).extracting(HasMetadata::getKind).contains("StatefulSet").doesNotContain("Deployment");
        StatefulSet s = only(m, StatefulSet.class);
        assertThat(s.getSpec().getServiceName()).isEqualTo("ledger");
        EnvVar id = s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FERRY_INSTANCE_ID")).findFirst().orElseThrow();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        GenericKubernetesResource so = only(m, GenericKubernetesResource.class);
        assertThat(so.<String>get("spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
    }

    @Test
    void the_platform_guarantee_of_exactly_once_also_makes_a_stateful_set() {
        AppManifests m = generate(TestApps.predict(), TestApps.profile().set("guarantee", "exactly-once").build(), 4);

        assertThat(m.objects()).extracting(HasMetadata::getKind).contains("StatefulSet").doesNotContain("Deployment");
    }

    @Test
    void the_scaled_object_scales_on_each_input_topics_lag_up_to_the_replica_limit() {
        AppManifests m = generate(TestApps.predict(), TestApps.profile().set("kubernetes.keda.lag-threshold", "500")
                .set("kubernetes.keda.min-replicas", "0").build(), 8);

        GenericKubernetesResource so = only(m, GenericKubernetesResource.class);
        assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(so.<Integer>get("spec", "maxReplicaCount")).isEqualTo(4);
        assertThat(so.<Integer>get("spec", "minReplicaCount")).isZero();
        List<Map<String, Object>> triggers = so.get("spec", "triggers");
        assertThat(triggers.stream().map(t -> (Object) t.get("type")).toList()).containsExactly("kafka", "kafka");
        assertThat(triggers.stream().map(t -> (Object) ((Map<?, ?>) t.get("metadata")).get("topic")).toList())
                .containsExactly("clicks", "views");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) triggers.get(0).get("metadata");
        assertThat(first).containsEntry("bootstrapServers", "kafka-0.kafka:9092")
                .containsEntry("consumerGroup", "predict-clicks").containsEntry("lagThreshold", "500")
                .containsEntry("offsetResetPolicy", "earliest");
    }

    @Test
    void without_keda_and_with_a_service_monitor_the_objects_follow_the_profile() {
        AppManifests m = generate(TestApps.predict(), TestApps.profile().set("kubernetes.autoscaling", "none")
                .set("kubernetes.metrics", "service-monitor").build(), 2);

        assertThat(m.objects()).extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "Service", "Deployment", "PodDisruptionBudget", "ServiceMonitor");
        assertThat(only(m, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey("prometheus.io/scrape");
    }

    @Test
    void the_config_map_holds_the_profile_the_pods_read_without_deploy_only_keys() throws IOException {
        PlatformProfile profile = TestApps.profile().set("retry.max-attempts", "4").set("dead-letter-topic", "{app}.dlq")
                .set("poison-policy", "dead-letter").set("instance-id", "laptop-1").set("kubernetes.replicas", "2")
                .kafka("consumer", "max.poll.records", "200").build();
        AppManifests m = generate(TestApps.predict(), profile, 4);

        String yaml = only(m, ConfigMap.class).getData().get("ferry.yaml");
        Path file = Files.writeString(dir.resolve("ferry.yaml"), yaml);
        PlatformProfile read = PlatformProfile.builder().file(file).build();
        assertThat(read.settings()).isEqualTo(Map.of("kafka.common.bootstrap.servers", "kafka-0.kafka:9092",
                "kafka.consumer.max.poll.records", "200", "retry.max-attempts", "4", "dead-letter-topic", "{app}.dlq",
                "poison-policy", "dead-letter", "monitoring.port", "8080"));
    }

    @Test
    void credentials_in_the_profile_are_refused_with_the_secret_reference_to_use() {
        PlatformProfile profile = TestApps.profile().set("kafka.common.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";",
                "platform profile ferry.yaml").build();

        assertThatThrownBy(() -> generate(TestApps.predict(), profile, 3)).isInstanceOf(DeployException.class)
                .hasMessage("kafka.common.sasl.jaas.config (from platform profile ferry.yaml) looks like a credential, "
                        + "and ferry deploy never writes credentials into a ConfigMap: remove it from the profile, put it "
                        + "in a Kubernetes Secret, and reference it with kubernetes.credentials: "
                        + "FERRY_KAFKA_SASL_JAAS_CONFIG=<secret>/<key>");
        assertThatThrownBy(() -> generate(TestApps.predict(), TestApps.profile()
                .kafka("common", "ssl.truststore.password", "changeit").build(), 3))
                .hasMessageStartingWith("kafka.common.ssl.truststore.password (from code) looks like a credential");
        assertThatThrownBy(() -> generate(TestApps.predict(), TestApps.profile()
                .set("plugins.pg-store.url", "jdbc:postgresql://db/x?user=a&password=b").build(), 3))
                .as("a password in a value, under a harmless key").hasMessageStartingWith("plugins.pg-store.url (from code)");
        assertThat(CredentialGuard.looksLikeCredential("kafka.common.sasl.oauthbearer.token.endpoint.url", "https://idp"))
                .as("an endpoint's URL is no credential").isFalse();
        assertThat(CredentialGuard.looksLikeCredential("kafka.common.sasl.mechanism", "PLAIN")).isFalse();
    }

    @Test
    void secrets_reach_the_pods_only_by_reference() {
        PlatformProfile profile = TestApps.profile().kafka("common", "security.protocol", "SASL_SSL")
                .kafka("common", "sasl.mechanism", "PLAIN")
                .set("kubernetes.credentials", "FERRY_KAFKA_SASL_JAAS_CONFIG=kafka-credentials/jaas")
                .set("kubernetes.keda.authentication", "kafka-lag-reader").build();
        AppManifests m = generate(TestApps.predict(), profile, 3);

        EnvVar jaas = only(m, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FERRY_KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow();
        assertThat(jaas.getValue()).isNull();
        assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-credentials");
        assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("jaas");
        assertThat(m.yaml()).doesNotContain("kubernetes.credentials").contains("security.protocol: SASL_SSL");
        List<Map<String, Object>> triggers = only(m, GenericKubernetesResource.class).get("spec", "triggers");
        assertThat(triggers).allSatisfy(t -> assertThat(t).containsEntry("authenticationRef",
                Map.of("name", "kafka-lag-reader")));
    }

    @Test
    void keda_on_a_secured_cluster_needs_a_trigger_authentication() {
        PlatformProfile profile = TestApps.profile().kafka("common", "security.protocol", "SASL_SSL").build();

        assertThatThrownBy(() -> generate(TestApps.predict(), profile, 3)).isInstanceOf(DeployException.class)
                .hasMessage("app 'predict-clicks': the cluster is reached with security.protocol SASL_SSL (code), so "
                        + "KEDA needs credentials to read the app's lag: name a KEDA TriggerAuthentication of the "
                        + "namespace with kubernetes.keda.authentication, or set kubernetes.autoscaling: none");
        assertThat(generate(TestApps.predict(), profile.toBuilder().set("kubernetes.autoscaling", "none").build(), 3)
                .objects()).extracting(HasMetadata::getKind).doesNotContain("ScaledObject");
    }

    @Test
    void a_bad_secret_reference_is_an_error_naming_the_form() {
        assertThatThrownBy(() -> TestApps.profile().set("kubernetes.credentials", "FERRY_KAFKA_SASL_JAAS_CONFIG=jaas")
                .build()).hasMessage("code: kubernetes.credentials: 'FERRY_KAFKA_SASL_JAAS_CONFIG=jaas' is not a secret "
                + "reference: write ENV_VARIABLE=secret-name/key, such as FERRY_KAFKA_SASL_JAAS_CONFIG="
                + "kafka-credentials/jaas, separated by commas");
    }

    @Test
    void a_request_above_its_limit_and_a_bad_quantity_are_refused() {
        assertThatThrownBy(() -> generate(TestApps.predict(), TestApps.profile().set("kubernetes.memory-request", "1Gi")
                .build(), 3)).isInstanceOf(DeployException.class)
                .hasMessage("code: kubernetes.memory-request: 1Gi is more than kubernetes.memory-limit (512Mi), which "
                        + "Kubernetes refuses");
        assertThatThrownBy(() -> TestApps.profile().set("kubernetes.cpu-limit", "2 cores").build())
                .hasMessage("code: kubernetes.cpu-limit: '2 cores' is not a Kubernetes quantity, such as 500m or 1 for "
                        + "CPU, 512Mi or 2Gi for memory");
    }

    @Test
    void an_app_name_kubernetes_cannot_take_and_a_dev_mode_profile_are_refused() {
        assertThatThrownBy(() -> generate(TestApps.dotted(), TestApps.profile().build(), 3))
                .isInstanceOf(DeployException.class)
                .hasMessage("app 'predict.clicks' cannot be deployed to Kubernetes under that name: its objects need a "
                        + "name of at most 52 lower-case letters, digits and '-', starting and ending with a letter or "
                        + "digit ('.' and '_' are not allowed); rename the app in @Ferry(app = ...) or its descriptor");
        assertThatThrownBy(() -> generate(TestApps.predict(), TestApps.profile().set("dev-mode", "true").build(), 3))
                .hasMessageStartingWith("code: dev-mode: dev-mode is true");
    }

    @Test
    void the_yaml_round_trips_through_fabric8s_typed_models_unchanged() {
        AppManifests m = generate(TestApps.predict(), TestApps.profile().set("kubernetes.metrics", "service-monitor")
                .build(), 5);
        AppManifests eos = generate(TestApps.ledger(), TestApps.profile().build(), 5);

        for (AppManifests manifests : List.of(m, eos)) {
            List<HasMetadata> parsed = ManifestYaml.parse(manifests.yaml());
            assertThat(parsed).extracting(Object::getClass).containsExactlyElementsOf(
                    manifests.objects().stream().map(Object::getClass).toList());
            assertThat(parsed).as("every object read back through its typed model").isEqualTo(manifests.objects());
            assertThat(parsed.stream().map(ManifestYaml::unknownFields).toList())
                    .as("fields the typed models do not know").allSatisfy(f -> assertThat(f).isEmpty());
        }
    }

    @Test
    void generating_twice_gives_the_same_objects_and_hashes() {
        AppManifests a = generate(TestApps.predict(), TestApps.profile().build(), 5);
        AppManifests b = generate(TestApps.predict(), TestApps.profile().build(), 5);
        AppManifests other = AppManifests.generate(new DeploySpec(TestApps.predict(), TestApps.profile().build(),
                "registry.local/predict:1.1", 5, "ml"));

        assertThat(b.yaml()).isEqualTo(a.yaml());
        assertThat(ObjectHash.stamped(only(other, Deployment.class))).isNotEqualTo(ObjectHash.stamped(only(a,
                Deployment.class)));
        assertThat(ObjectHash.stamped(only(other, ConfigMap.class))).isEqualTo(ObjectHash.stamped(only(a, ConfigMap.class)));
    }
}
