package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy, undeploy and scale, run as a user runs them: the real commands, a kubeconfig whose
 * context is fabric8's mock API server in CRUD mode, and, where partitions are read from the
 * cluster, a real Kafka broker. Each test works in a namespace of its own.
 */
class DeployCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final String APP = "cli-hello";
    private static final String TARGET = HelloApp.class.getName();
    private static final ResourceDefinitionContext SCALED_OBJECTS = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static KubernetesMock kube;

    @TempDir
    Path dir;

    private String ns;
    private Map<String, String> env;

    @BeforeAll
    static void startKubernetes() {
        kube = KubernetesMock.start();
    }

    @AfterAll
    static void stopKubernetes() {
        kube.close();
    }

    @BeforeEach
    void kubeconfigAndProfile() throws IOException {
        KubernetesMock.Namespace namespace = kube.newNamespace("deploy-test", dir);
        ns = namespace.name();
        env = namespace.env();
        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\n");
    }

    private void profile(String yaml) throws IOException {
        Files.writeString(dir.resolve("ferry.yaml"), yaml);
    }

    private Cli.Result ferry(String... args) {
        return Cli.in(dir, env).run(args);
    }

    private Cli.Result deploy(String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", TARGET, "--partitions", "3"));
        args.addAll(List.of(more));
        return ferry(args.toArray(String[]::new));
    }

    private static NamespacedKubernetesClient k8s() {
        return kube.client();
    }

    /** Every object in the namespace, by kind/name, with its resourceVersion. */
    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(k8s().configMaps().inNamespace(ns).list().getItems());
        all.addAll(k8s().services().inNamespace(ns).list().getItems());
        all.addAll(k8s().apps().deployments().inNamespace(ns).list().getItems());
        all.addAll(k8s().apps().statefulSets().inNamespace(ns).list().getItems());
        all.addAll(k8s().policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
        all.addAll(k8s().genericKubernetesResources(SCALED_OBJECTS).inNamespace(ns).list().getItems());
        all.forEach(o -> v.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        return v;
    }

    private Deployment deployment() {
        return k8s().apps().deployments().inNamespace(ns).withName(APP).get();
    }

    private GenericKubernetesResource scaledObject() {
        return k8s().genericKubernetesResources(SCALED_OBJECTS).inNamespace(ns).withName(APP).get();
    }

    private String summary(String counts, boolean started, int max) {
        return "app '" + APP + "' in namespace '" + ns + "' deployed: " + counts + "; " + (started ? "it starts with 1 "
                + "replica, " : "") + "at most " + max + " replicas (its input topics have " + max + " partitions and "
                + "each replica runs 1 consumer, so at most " + max + " replicas get partitions)" + NL;
    }

    @Test
    void deploy_creates_every_object_and_a_second_deploy_writes_nothing() {
        long t0 = System.nanoTime();
        Cli.Result first = deploy("--image", "registry.local/cli-hello:1");
        long t1 = System.nanoTime();
        Map<String, String> before = versions();
        Cli.Result second = deploy("--image", "registry.local/cli-hello:1");
        long t2 = System.nanoTime();
        System.out.printf("deploy against the mock API server: first %d ms, second (unchanged) %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

        assertThat(first.err()).isEmpty();
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("configmap/cli-hello-config created" + NL + "service/cli-hello created" + NL
                + "deployment/cli-hello created" + NL + "poddisruptionbudget/cli-hello created" + NL
                + "scaledobject/cli-hello created" + NL + summary("5 created, 0 configured, 0 unchanged, 0 deleted", true, 3));
        assertThat(before).containsOnlyKeys("ConfigMap/cli-hello-config", "Service/cli-hello", "Deployment/cli-hello",
                "PodDisruptionBudget/cli-hello", "ScaledObject/cli-hello");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEqualTo("configmap/cli-hello-config unchanged" + NL + "service/cli-hello unchanged" + NL
                + "deployment/cli-hello unchanged" + NL + "poddisruptionbudget/cli-hello unchanged" + NL
                + "scaledobject/cli-hello unchanged" + NL + "app 'cli-hello' in namespace '" + ns
                + "' is unchanged: nothing was written" + NL);
        assertThat(versions()).as("resourceVersions after the second deploy").isEqualTo(before);

        Deployment d = deployment();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local/cli-hello:1");
        assertThat(k8s().configMaps().inNamespace(ns).withName("cli-hello-config").get().getData().get("ferry.yaml"))
                .contains("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092").contains("monitoring.port: 8080");
    }

    @Test
    void dry_run_prints_the_objects_and_creates_none() {
        Cli.Result dry = deploy("--image", "registry.local/cli-hello:1", "--dry-run");

        assertThat(dry.exitCode()).isZero();
        assertThat(dry.err()).isEmpty();
        assertThat(dry.out()).startsWith("---" + NL.charAt(NL.length() - 1) + "apiVersion: \"v1\"")
                .contains("kind: \"Deployment\"", "kind: \"ScaledObject\"", "namespace: \"" + ns + "\"",
                        "image: \"registry.local/cli-hello:1\"");
        assertThat(dry.out().split("(?m)^---$")).as("documents").hasSize(6); // the empty one before the first ---
        assertThat(versions()).as("objects in the namespace").isEmpty();
    }

    @Test
    void a_python_app_deploys_from_its_file_like_any_app() throws IOException {
        Files.writeString(dir.resolve("scorer.py"), """
                import ferry
                @ferry.register(app='py-scorer', topics='signups', output_schema={'scores': {'client': int}})
                def score(messages):
                    return {}
                """);

        Cli.Result dry = ferry("deploy", "scorer.py", "--partitions", "3", "--image", "registry.local/py-scorer:1",
                "--dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("kind: \"Deployment\"", "name: \"py-scorer\"",
                "image: \"registry.local/py-scorer:1\"", "namespace: \"" + ns + "\"");
        assertThat(versions()).as("objects in the namespace").isEmpty();
    }

    @Test
    void a_profile_with_a_sasl_password_file_deploys_its_path_and_a_secret_mount_never_the_password() throws IOException {
        String password = "s3cr3t-Zq9-cli-deploy";
        Path secretDir = Files.createDirectories(dir.resolve("kafka-secret"));
        Files.writeString(secretDir.resolve("password"), password); // where the pod would see it; deploy never reads it
        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9093\n"
                + "security.protocol: sasl_ssl\n"
                + "security.sasl.username: cli-hello\n"
                + "security.sasl.password-file: " + secretDir.resolve("password") + "\n"
                + "kubernetes.secret-mounts: kafka-credentials=" + secretDir + "\n"
                + "kubernetes.autoscaling: none\n");

        Cli.Result dry = deploy("--image", "registry.local/cli-hello:1", "--dry-run");
        Cli.Result applied = deploy("--image", "registry.local/cli-hello:1");

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("security.sasl.password-file: " + secretDir.resolve("password"))
                .contains("secretName: \"kafka-credentials\"").doesNotContain(password);
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out() + applied.err()).doesNotContain(password);
        assertThat(k8s().configMaps().inNamespace(ns).withName("cli-hello-config").get().getData().toString())
                .doesNotContain(password);
        assertThat(deployment().toString()).doesNotContain(password);
    }

    @Test
    void a_new_image_rolls_the_pods_and_leaves_the_rest_alone() {
        deploy("--image", "registry.local/cli-hello:1");
        Map<String, String> before = versions();
        String configHash = deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("ferry.dev/config-hash");

        Cli.Result rolled = deploy("--image", "registry.local/cli-hello:2");

        assertThat(rolled.exitCode()).isZero();
        assertThat(rolled.out()).contains("deployment/cli-hello configured" + NL, "configmap/cli-hello-config unchanged"
                + NL, "scaledobject/cli-hello unchanged" + NL).endsWith(summary("0 created, 1 configured, 4 unchanged, 0 deleted", false, 3));
        Map<String, String> after = versions();
        assertThat(after.get("Deployment/cli-hello")).isNotEqualTo(before.get("Deployment/cli-hello"));
        after.remove("Deployment/cli-hello");
        before.remove("Deployment/cli-hello");
        assertThat(after).isEqualTo(before);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local/cli-hello:2");
        assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("ferry.dev/config-hash"))
                .isEqualTo(configHash);
    }

    @Test
    void a_changed_profile_updates_the_config_map_and_rolls_the_pods_through_the_config_hash() throws IOException {
        deploy("--image", "registry.local/cli-hello:1");
        String configHash = deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("ferry.dev/config-hash");

        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\nretry.max-attempts: 3\n");
        Cli.Result changed = deploy("--image", "registry.local/cli-hello:1");

        assertThat(changed.exitCode()).isZero();
        assertThat(changed.out()).contains("configmap/cli-hello-config configured" + NL,
                "deployment/cli-hello configured" + NL, "service/cli-hello unchanged" + NL);
        assertThat(k8s().configMaps().inNamespace(ns).withName("cli-hello-config").get().getData().get("ferry.yaml"))
                .contains("retry.max-attempts: 3");
        assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("ferry.dev/config-hash"))
                .isNotEqualTo(configHash);
    }

    @Test
    void an_exactly_once_app_becomes_a_stateful_set_with_its_pod_names_as_instance_ids() throws IOException {
        deploy("--image", "registry.local/cli-hello:1");
        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\nguarantee: exactly-once\n");

        Cli.Result eos = deploy("--image", "registry.local/cli-hello:1");

        assertThat(eos.exitCode()).isZero();
        assertThat(eos.out()).contains("statefulset/cli-hello created" + NL, "scaledobject/cli-hello configured" + NL,
                "deployment/cli-hello deleted" + NL);
        assertThat(deployment()).as("the Deployment it replaces").isNull();
        StatefulSet s = k8s().apps().statefulSets().inNamespace(ns).withName(APP).get();
        EnvVar id = s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FERRY_INSTANCE_ID")).findFirst().orElseThrow();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(s.getSpec().getServiceName()).isEqualTo(APP);
        assertThat(scaledObject().<String>get("spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
    }

    @Test
    void replicas_are_capped_by_the_partitions_read_from_the_cluster() throws IOException {
        kafka.createTopic("cli.hello", 2);
        profile("kafka.common.bootstrap.servers: " + kafka.bootstrapServers() + "\nkubernetes.replicas: 5\n");

        Cli.Result deployed = ferry("deploy", TARGET, "--image", "registry.local/cli-hello:1");

        assertThat(deployed.err()).isEmpty();
        assertThat(deployed.exitCode()).isZero();
        assertThat(deployed.out()).endsWith("app 'cli-hello' in namespace '" + ns + "' deployed: 5 created, 0 configured, "
                + "0 unchanged, 0 deleted; it starts with 2 replicas, at most 2 replicas (its input topics have 2 "
                + "partitions and each replica runs 1 consumer, so at most 2 replicas get partitions)" + NL);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(scaledObject().<Integer>get("spec", "maxReplicaCount")).isEqualTo(2);
    }

    @Test
    void undeploy_removes_everything_deploy_made_and_nothing_else() {
        deploy("--image", "registry.local/cli-hello:1");
        k8s().configMaps().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("someone-elses").endMetadata().addToData("k", "v").build()).create();

        Cli.Result removed = ferry("undeploy", APP);
        Cli.Result again = ferry("undeploy", APP);

        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).isEqualTo("scaledobject/cli-hello deleted" + NL + "poddisruptionbudget/cli-hello deleted"
                + NL + "deployment/cli-hello deleted" + NL + "service/cli-hello deleted" + NL
                + "configmap/cli-hello-config deleted" + NL + "app 'cli-hello' removed from namespace '" + ns
                + "' (5 objects)" + NL);
        assertThat(versions()).containsOnlyKeys("ConfigMap/someone-elses");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("ferry: no app 'cli-hello' deployed by ferry in namespace '" + ns + "': nothing "
                + "there has the labels app.kubernetes.io/name=cli-hello and app.kubernetes.io/managed-by=ferry" + NL);
    }

    @Test
    void scale_sets_the_replicas_pauses_keda_at_them_and_refuses_more_than_get_partitions() {
        deploy("--image", "registry.local/cli-hello:1");

        Cli.Result scaled = ferry("scale", APP, "3");
        Cli.Result tooMany = ferry("scale", APP, "4");
        Cli.Result redeployed = deploy("--image", "registry.local/cli-hello:2");
        int afterRedeploy = deployment().getSpec().getReplicas();
        String pausedAfterRedeploy = scaledObject().getMetadata().getAnnotations().get("autoscaling.keda.sh/paused-replicas");
        Cli.Result resumed = ferry("scale", APP, "--auto");

        assertThat(scaled.exitCode()).isZero();
        assertThat(scaled.out()).isEqualTo("deployment/cli-hello scaled from 1 to 3 replicas; KEDA's autoscaling of app "
                + "'cli-hello' is paused at 3 until `ferry scale cli-hello --auto`" + NL);
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(tooMany.err()).isEqualTo("ferry: cannot scale app 'cli-hello' to 4 replicas: its input topics have 3 "
                + "partitions and each replica runs 1 consumer, so at most 3 replicas get partitions; add partitions to "
                + "its input topics and run ferry deploy again to raise the limit" + NL);
        assertThat(redeployed.out()).contains("deployment/cli-hello configured");
        assertThat(afterRedeploy).as("replicas after a deploy of a new image").isEqualTo(3);
        assertThat(pausedAfterRedeploy).as("KEDA's pause after a deploy").isEqualTo("3");
        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).isEqualTo("scaledobject/cli-hello resumed: KEDA scales app 'cli-hello' on its lag again"
                + NL);
        assertThat(scaledObject().getMetadata().getAnnotations()).doesNotContainKey("autoscaling.keda.sh/paused-replicas");
    }

    @Test
    void scale_without_keda_sets_only_the_replicas() throws IOException {
        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\nkubernetes.autoscaling: none\n");
        deploy("--image", "registry.local/cli-hello:1");

        Cli.Result scaled = ferry("scale", APP, "0");
        Cli.Result resume = ferry("scale", APP, "--auto");

        assertThat(scaled.out()).isEqualTo("deployment/cli-hello scaled from 1 to 0 replicas" + NL);
        assertThat(deployment().getSpec().getReplicas()).isZero();
        assertThat(resume.exitCode()).isEqualTo(1);
        assertThat(resume.err()).isEqualTo("ferry: app 'cli-hello' in namespace '" + ns + "' has no KEDA ScaledObject, so "
                + "there is no autoscaling to resume: its replicas are what ferry scale sets (deploy with "
                + "kubernetes.autoscaling: keda to autoscale it)" + NL);
    }

    @Test
    void the_image_comes_from_ferry_package_by_digest_and_its_absence_is_explained() throws IOException {
        Cli.Result none = deploy("--dry-run");
        Path image = dir.resolve("target/ferry/image.json");
        Files.createDirectories(image.getParent());
        String digest = "sha256:" + "ab".repeat(32);
        Files.writeString(image, "{\"app\": \"cli-hello\", \"image\": \"registry.local/cli-hello:1.0\", \"digest\": \""
                + digest + "\"}");
        Cli.Result packaged = deploy("--dry-run");
        Files.writeString(image, "{\"app\": \"other-app\", \"image\": \"registry.local/other:1.0\"}");
        Cli.Result other = deploy("--dry-run");

        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("ferry: no image to deploy for app 'cli-hello': pass --image REF, or run ferry "
                + "package first (it writes target/ferry/image.json)" + NL);
        assertThat(packaged.out()).contains("image: \"registry.local/cli-hello:1.0@" + digest + "\"");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("ferry: " + image + " is the image of app 'other-app', not of app 'cli-hello': "
                + "run ferry package for this app, or pass --image" + NL);
    }

    @Test
    void a_credential_in_the_profile_is_refused_and_nothing_is_created() throws IOException {
        profile("kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\n"
                + "kafka.common.sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required;\n");

        Cli.Result refused = deploy("--image", "registry.local/cli-hello:1");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("ferry: kafka.common.sasl.jaas.config (from platform profile "
                + dir.resolve("ferry.yaml") + ") looks like a credential, and ferry deploy never writes credentials into "
                + "a ConfigMap: remove it from the profile, put it in a Kubernetes Secret, and reference it with "
                + "kubernetes.credentials: FERRY_KAFKA_SASL_JAAS_CONFIG=<secret>/<key>" + NL);
        assertThat(versions()).isEmpty();
    }

    @Test
    void an_object_ferry_did_not_make_is_never_overwritten() {
        k8s().configMaps().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("cli-hello-config").endMetadata().addToData("k", "v").build()).create();

        Cli.Result refused = deploy("--image", "registry.local/cli-hello:1");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("ferry: configmap/cli-hello-config already exists in namespace '" + ns + "' and "
                + "ferry did not make it for app 'cli-hello' (it lacks the labels app.kubernetes.io/name=cli-hello and "
                + "app.kubernetes.io/managed-by=ferry): ferry leaves it alone; delete or rename it, or deploy to another "
                + "namespace" + NL);
        ConfigMap kept = k8s().configMaps().inNamespace(ns).withName("cli-hello-config").get();
        assertThat(kept.getData()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void bad_command_lines_exit_2_and_a_missing_cluster_is_explained() {
        Cli.Result noN = ferry("scale", APP);
        Cli.Result negative = ferry("scale", APP, "-1");
        Cli.Result zeroPartitions = ferry("deploy", TARGET, "--partitions", "0");
        Cli.Result noKubeconfig = Cli.in(dir, Map.of("HOME", dir.toString())).run("undeploy", APP);
        Cli.Result noContext = ferry("undeploy", APP, "--context", "production");

        assertThat(noN.exitCode()).isEqualTo(2);
        assertThat(noN.err()).startsWith("Missing N: the replicas to run (or --auto to hand them back to KEDA)" + NL);
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(zeroPartitions.exitCode()).isEqualTo(2);
        assertThat(zeroPartitions.err()).startsWith("--partitions must be at least 1, got 0" + NL);
        assertThat(noKubeconfig.exitCode()).isEqualTo(1);
        assertThat(noKubeconfig.err()).isEqualTo("ferry: no Kubernetes cluster configured: KUBECONFIG is not set and "
                + "~/.kube/config does not exist; point --kubeconfig or KUBECONFIG at your cluster's kubeconfig (ferry "
                + "deploy --dry-run needs none)" + NL);
        assertThat(noContext.exitCode()).isEqualTo(1);
        assertThat(noContext.err()).isEqualTo("ferry: kubeconfig " + dir.resolve("kubeconfig") + " has no context "
                + "'production'; its contexts: mock" + NL);
    }

    @Test
    void every_command_has_help() {
        for (String command : List.of("deploy", "undeploy", "scale")) {
            Cli.Result help = ferry(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: ferry " + command).contains("--namespace", "--context");
        }
    }

    @Test
    void the_app_and_profile_of_docs_deploy_md_deploy_as_it_shows() throws IOException {
        profile("""
                kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092
                kafka.common.security.protocol: SASL_SSL
                kafka.common.sasl.mechanism: PLAIN
                poison-policy: dead-letter
                kubernetes.namespace: ml
                kubernetes.keda.lag-threshold: 500
                kubernetes.credentials: FERRY_KAFKA_SASL_JAAS_CONFIG=kafka-credentials/jaas
                kubernetes.keda.authentication: kafka-lag-reader
                """);

        Cli.Result dry = ferry("deploy", PredictClicks.class.getName(), "--image",
                "registry.example.com/predict-clicks:1.0", "--partitions", "12", "--dry-run");

        assertThat(dry.err()).isEmpty();
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("namespace: \"ml\"", "ferry.dev/max-replicas: \"6\"", "maxReplicaCount: 6",
                "lagThreshold: \"500\"", "offsetResetPolicy: \"earliest\"", "authenticationRef:",
                "name: \"kafka-lag-reader\"", """
                        - name: "FERRY_KAFKA_SASL_JAAS_CONFIG"
                          valueFrom:
                            secretKeyRef:
                              key: "jaas"
                              name: "kafka-credentials"
                              optional: false
                """.stripTrailing()).doesNotContain("kubernetes.credentials", "kubernetes.keda");
    }

    @Test
    void a_cluster_without_keda_is_told_what_to_install_or_set() throws IOException {
        try (KubernetesMock bare = KubernetesMock.withoutKeda(ns)) {
            Path kubeconfig = bare.writeKubeconfig(dir.resolve("bare-kubeconfig"), ns);

            Cli.Result refused = Cli.in(dir, Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", dir.toString()))
                    .run("deploy", TARGET, "--partitions", "3", "--image", "registry.local/cli-hello:1");

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.out()).endsWith("poddisruptionbudget/cli-hello created" + NL);
            assertThat(refused.err()).isEqualTo("ferry: cannot create scaledobject/cli-hello in namespace '" + ns + "': "
                    + "the cluster has no KEDA ScaledObject resource (keda.sh/v1alpha1): install KEDA (https://keda.sh), "
                    + "or set kubernetes.autoscaling: none in the profile" + NL);
        }
    }
}
