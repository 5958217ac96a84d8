package dev.ferry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profile's kubernetes.* keys: their defaults, their variables and their errors. */
class KubernetesProfileKeysTest {

    @Test
    void the_defaults_deploy_one_replica_with_keda_and_scrape_annotations() {
        PlatformProfile p = PlatformProfile.builder().build();

        assertThat(p.kubernetesNamespace()).isEmpty();
        assertThat(p.kubernetesReplicas()).isEqualTo(1);
        assertThat(p.kubernetesResource("cpu-request")).contains("250m");
        assertThat(p.kubernetesResource("cpu-limit")).isEmpty();
        assertThat(p.kubernetesResource("memory-request")).contains("512Mi");
        assertThat(p.kubernetesResource("memory-limit")).contains("512Mi");
        assertThat(p.kubernetesMetrics()).isEqualTo("annotations");
        assertThat(p.kubernetesAutoscaling()).isEqualTo("keda");
        assertThat(p.kedaLagThreshold()).isEqualTo(100);
        assertThat(p.kedaMinReplicas()).isEqualTo(1);
        assertThat(p.kubernetesCredentials()).isEmpty();
    }

    @Test
    void each_key_has_its_environment_variable() {
        PlatformProfile p = PlatformProfile.builder().environment(Map.of("FERRY_KUBERNETES_NAMESPACE", "ml",
                "FERRY_KUBERNETES_KEDA_LAG_THRESHOLD", "1000", "FERRY_KUBERNETES_MEMORY_LIMIT", "1Gi",
                "FERRY_KUBERNETES_CREDENTIALS", "FERRY_KAFKA_SASL_JAAS_CONFIG=kafka/jaas, PGPASSWORD=pg/password")).build();

        assertThat(p.kubernetesNamespace()).isEqualTo(Optional.of("ml"));
        assertThat(p.kedaLagThreshold()).isEqualTo(1000);
        assertThat(p.kubernetesResource("memory-limit")).contains("1Gi");
        assertThat(p.kubernetesCredentials()).containsExactly(Map.entry("FERRY_KAFKA_SASL_JAAS_CONFIG", "kafka/jaas"),
                Map.entry("PGPASSWORD", "pg/password"));
    }

    @Test
    void bad_values_are_errors_naming_the_key_and_what_is_expected() {
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.metrics", "prometheus").build())
                .isInstanceOf(ProfileException.class)
                .hasMessage("code: kubernetes.metrics: expected annotations or service-monitor, got 'prometheus'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.autoscaling", "hpa").build())
                .hasMessage("code: kubernetes.autoscaling: expected keda or none, got 'hpa'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.namespace", "ML_Team").build())
                .hasMessage("code: kubernetes.namespace: 'ML_Team' is not a Kubernetes namespace name: use at most 63 "
                        + "lower-case letters, digits and '-', starting and ending with a letter or digit");
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.keda.min-replicas", "-1").build())
                .hasMessage("code: kubernetes.keda.min-replicas: expected a whole number of at least 0, got '-1'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.replicas", "0").build())
                .hasMessage("code: kubernetes.replicas: expected a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("kubernetes.credentials", "A=s/k, A=t/k").build())
                .hasMessage("code: kubernetes.credentials: A is named twice");
    }
}
