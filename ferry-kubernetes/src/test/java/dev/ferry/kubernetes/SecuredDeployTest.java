package dev.ferry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry deploy with the profile's {@code security.*} keys: the ConfigMap carries where the secrets
 * are (file paths, variable names), the pods get the files from mounted Secrets and the variables
 * from Secret keys, and no manifest holds a secret; a profile whose pods would not find one is refused.
 */
class SecuredDeployTest {

    private static final String PASSWORD = "s3cr3t-Zq9-deploy";

    @TempDir
    Path dir;

    private static AppManifests generate(PlatformProfile profile) {
        return AppManifests.generate(new DeploySpec(TestApps.predict(), profile, "registry.local/predict:1.0", 3, "ml"));
    }

    private PlatformProfile.Builder sasl() throws IOException {
        Path mounted = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(mounted.resolve("password"), PASSWORD); // as the pod would see it: deploy must not read it
        Files.writeString(mounted.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n");
        return TestApps.profile().set("security.protocol", "sasl_ssl").set("security.sasl.username", "ferry-app")
                .set("security.sasl.password-file", mounted.resolve("password").toString(), "platform profile ferry.yaml")
                .set("security.tls.truststore", mounted.resolve("ca.pem").toString())
                .set("kubernetes.secret-mounts", "kafka-credentials=" + mounted)
                .set("kubernetes.keda.authentication", "kafka-lag-reader");
    }

    @Test
    void the_pods_get_the_secret_files_from_a_mounted_secret_and_no_manifest_holds_the_password() throws IOException {
        AppManifests m = generate(sasl().build());

        assertThat(m.yaml()).doesNotContain(PASSWORD).doesNotContain("BEGIN CERTIFICATE");
        String profileYaml = m.objects().stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .findFirst().orElseThrow().getData().get(PodProfile.FILE_NAME);
        assertThat(profileYaml).contains("security.protocol: sasl_ssl")
                .contains("security.sasl.password-file: " + dir.resolve("kafka/password"))
                .doesNotContain("kubernetes.secret-mounts");
        PodSpec pod = m.objects().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("kafka-credentials");
            Container app = pod.getContainers().get(0);
            assertThat(app.getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getName()).isEqualTo(v.getName());
                assertThat(mount.getMountPath()).isEqualTo(dir.resolve("kafka").toString());
                assertThat(mount.getReadOnly()).isTrue();
            });
        });
    }

    @Test
    void a_password_variable_reaches_the_pods_from_a_secret_key() throws IOException {
        PlatformProfile profile = sasl().set("security.sasl.password-file", "").set("security.sasl.password-env",
                "KAFKA_PASSWORD").set("kubernetes.credentials", "KAFKA_PASSWORD=kafka-credentials/password").build();
        EnvVar password = generate(profile).objects().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getEnv().stream().filter(e -> e.getName().equals("KAFKA_PASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-credentials");
    }

    @Test
    void a_secret_the_pods_would_not_find_is_refused_naming_the_key_and_what_to_add() throws IOException {
        assertThatThrownBy(() -> generate(sasl().set("kubernetes.secret-mounts", "").build()))
                .isInstanceOf(DeployException.class)
                .hasMessage("security.sasl.password-file (from platform profile ferry.yaml) names '"
                        + dir.resolve("kafka/password") + "', which no Secret mounted in the pods holds: put the file in a "
                        + "Kubernetes Secret and mount it with kubernetes.secret-mounts: <secret>=<directory of the file>");
        assertThatThrownBy(() -> generate(sasl().set("security.sasl.password-file", "")
                .set("security.sasl.password-env", "KAFKA_PASSWORD").build()))
                .hasMessage("security.sasl.password-env (from code) names the variable KAFKA_PASSWORD, which the pods "
                        + "do not get: give it from a Kubernetes Secret with kubernetes.credentials: "
                        + "KAFKA_PASSWORD=<secret>/<key>");
        assertThatThrownBy(() -> TestApps.profile().set("kubernetes.secret-mounts", "kafka=etc/kafka").build())
                .hasMessage("code: kubernetes.secret-mounts: 'kafka=etc/kafka' is not a secret mount: write "
                        + "secret-name=/absolute/directory, such as kafka-credentials=/etc/ferry/kafka, separated by commas");
    }

    @Test
    void keda_is_told_the_protocol_of_the_security_section() throws IOException {
        assertThatThrownBy(() -> generate(sasl().set("kubernetes.keda.authentication", "").build()))
                .hasMessageStartingWith("app 'predict-clicks': the cluster is reached with security.protocol SASL_SSL "
                        + "(code), so KEDA needs credentials");
    }
}
