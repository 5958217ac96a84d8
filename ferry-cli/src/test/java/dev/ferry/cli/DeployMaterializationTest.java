package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.image.MaterializeFiles;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry deploy} (and undeploy, scale, package's checks) of a materialization file, as a user
 * runs them: the real commands against fabric8's mock API server in CRUD mode, a namespace per test.
 * The image itself is built and run in ferry-integration-tests ({@code MaterializeImageProofTest}).
 */
class DeployMaterializationTest {

    private static final String NL = System.lineSeparator();
    private static final String APP = "clicks-to-warehouse";
    private static final String POSTGRES = """
            materialize: clicks-to-warehouse
            topic: clicks
            schema: clicks.schema.json
            target:
              type: postgres
              url: jdbc:postgresql://warehouse.db.svc:5432/analytics
              table: clicks
              key: client
            """;

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
    void kubeconfigProfileAndFile() throws IOException {
        KubernetesMock.Namespace namespace = kube.newNamespace("materialize-test", dir);
        ns = namespace.name();
        env = namespace.env();
        Files.writeString(dir.resolve("ferry.yaml"), "kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\n"
                + "kubernetes.credentials: FERRY_PLUGINS_POSTGRES_PASSWORD=warehouse/password\n");
        Files.writeString(dir.resolve("clicks.yaml"), POSTGRES);
        Files.writeString(dir.resolve("clicks.schema.json"), "{\"type\": \"object\", \"properties\": {\"client\": "
                + "{\"type\": \"string\"}, \"score\": {\"type\": \"number\"}}}");
    }

    private Cli.Result ferry(String... args) {
        return Cli.in(dir, env).run(args);
    }

    private Cli.Result deploy(String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "clicks.yaml", "--partitions", "3"));
        args.addAll(List.of(more));
        return ferry(args.toArray(String[]::new));
    }

    private static NamespacedKubernetesClient k8s() {
        return kube.client();
    }

    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(k8s().configMaps().inNamespace(ns).list().getItems());
        all.addAll(k8s().services().inNamespace(ns).list().getItems());
        all.addAll(k8s().apps().deployments().inNamespace(ns).list().getItems());
        all.addAll(k8s().apps().statefulSets().inNamespace(ns).list().getItems());
        all.addAll(k8s().policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
        all.forEach(o -> v.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        return v;
    }

    private StatefulSet statefulSet() {
        return k8s().apps().statefulSets().inNamespace(ns).withName(APP).get();
    }

    @Test
    void a_postgres_materialization_deploys_as_an_exactly_once_stateful_set_and_a_second_deploy_writes_nothing() {
        Cli.Result first = deploy("--image", "registry.local/clicks:1");
        Map<String, String> before = versions();
        Cli.Result second = deploy("--image", "registry.local/clicks:1");

        assertThat(first.err()).isEmpty();
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("configmap/" + APP + "-config created" + NL + "service/" + APP + " created" + NL
                + "statefulset/" + APP + " created" + NL + "poddisruptionbudget/" + APP + " created" + NL
                + "scaledobject/" + APP + " created" + NL + "app '" + APP + "' in namespace '" + ns + "' deployed: "
                + "5 created, 0 configured, 0 unchanged, 0 deleted; it starts with 1 replica, at most 3 replicas (its "
                + "input topics have 3 partitions and each replica runs 1 consumer, so at most 3 replicas get "
                + "partitions)" + NL);
        assertThat(before).containsOnlyKeys("ConfigMap/" + APP + "-config", "Service/" + APP, "StatefulSet/" + APP,
                "PodDisruptionBudget/" + APP);
        StatefulSet s = statefulSet();
        List<EnvVar> vars = s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        EnvVar password = vars.stream().filter(e -> e.getName().equals("FERRY_PLUGINS_POSTGRES_PASSWORD")).findFirst()
                .orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("warehouse");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(s.getMetadata().getAnnotations()).containsEntry("ferry.dev/topics", "clicks")
                .containsEntry("ferry.dev/description", "materializes topic 'clicks' into postgres");
        assertThat(k8s().configMaps().inNamespace(ns).withName(APP + "-config").get().getData().get("ferry.yaml"))
                .contains("guarantee: exactly-once", "kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092");

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).endsWith("app '" + APP + "' in namespace '" + ns + "' is unchanged: nothing was "
                + "written" + NL);
        assertThat(versions()).isEqualTo(before);
    }

    @Test
    void the_image_of_a_changed_file_rolls_the_pods_and_leaves_the_rest_alone() throws IOException {
        deploy("--image", "registry.local/clicks@sha256:" + "a".repeat(64));
        Map<String, String> before = versions();

        Files.writeString(dir.resolve("clicks.yaml"), POSTGRES.replace("table: clicks", "table: clicks_v2"));
        Cli.Result rolled = deploy("--image", "registry.local/clicks@sha256:" + "b".repeat(64));

        assertThat(rolled.exitCode()).as(rolled.err()).isZero();
        assertThat(rolled.out()).contains("statefulset/" + APP + " configured" + NL, "configmap/" + APP
                + "-config unchanged" + NL, "service/" + APP + " unchanged" + NL);
        Map<String, String> after = versions();
        assertThat(after.remove("StatefulSet/" + APP)).isNotEqualTo(before.remove("StatefulSet/" + APP));
        assertThat(after).isEqualTo(before);
        assertThat(statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local/clicks@sha256:" + "b".repeat(64));
    }

    @Test
    void a_redis_materialization_is_at_least_once_and_so_a_deployment() throws IOException {
        Files.writeString(dir.resolve("cache.yaml"), """
                topic: clicks
                schema: clicks.schema.json
                target:
                  type: redis
                  url: redis://cache.svc:6379
                  key: client
                """);

        Cli.Result dry = ferry("deploy", "cache.yaml", "--partitions", "2", "--image", "registry.local/cache:1",
                "--dry-run");

        assertThat(dry.err()).isEmpty();
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("kind: \"Deployment\"", "name: \"materialize-clicks\"",
                "image: \"registry.local/cache:1\"", "namespace: \"" + ns + "\"").doesNotContain("StatefulSet");
        assertThat(versions()).as("objects in the namespace").isEmpty();
    }

    @Test
    void undeploy_and_scale_go_by_the_materialization_s_app_name() {
        deploy("--image", "registry.local/clicks:1");

        Cli.Result scaled = ferry("scale", APP, "2");
        Integer replicas = statefulSet().getSpec().getReplicas();
        Cli.Result removed = ferry("undeploy", APP);

        assertThat(scaled.exitCode()).as(scaled.err()).isZero();
        assertThat(replicas).isEqualTo(2);
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("statefulset/" + APP + " deleted" + NL)
                .endsWith("app '" + APP + "' removed from namespace '" + ns + "' (5 objects)" + NL);
        assertThat(versions()).isEmpty();
    }

    @Test
    void a_wrong_file_is_refused_with_its_own_message_before_anything_is_built_or_applied() throws IOException {
        Files.writeString(dir.resolve("clicks.yaml"), POSTGRES.replace("key: client", "key: client\n  nested: deep"));

        Cli.Result deployed = deploy("--image", "registry.local/clicks:1");
        Cli.Result packaged = ferry("package", "clicks.yaml");

        String message = "ferry: materialize file " + dir.resolve("clicks.yaml") + ": target.nested: 'deep' is not json "
                + "(one JSON column per nested object; jsonb is the same) or flatten (one column per leaf field)" + NL;
        assertThat(deployed.exitCode()).isEqualTo(1);
        assertThat(deployed.err()).isEqualTo(message);
        assertThat(packaged.exitCode()).isEqualTo(1);
        assertThat(packaged.err()).isEqualTo(message);
        assertThat(versions()).isEmpty();
        assertThat(dir.resolve("target")).doesNotExist();
    }

    @Test
    void duckdb_and_a_password_in_the_file_are_refused_with_what_to_do_instead() throws IOException {
        Files.writeString(dir.resolve("local.yaml"), "topic: clicks\ntarget: {type: duckdb}\n");
        Files.writeString(dir.resolve("clicks.yaml"), POSTGRES.replace("key: client", "key: client\n  password: s3cret"));

        Cli.Result duck = ferry("deploy", "local.yaml", "--partitions", "1", "--image", "registry.local/x:1");
        Cli.Result duckPackage = ferry("package", "local.yaml");
        Cli.Result password = ferry("package", "clicks.yaml");

        assertThat(duck.exitCode()).isEqualTo(1);
        assertThat(duck.err()).isEqualTo("ferry: materialize file " + dir.resolve("local.yaml") + ": target.type: duckdb "
                + "cannot be shipped: it writes a database file inside the process, which in a pod would need DuckDB's "
                + "85 MB driver in the image and a volume of its own, and could be read by no one else; materialize "
                + "into a database server for a deployment (type: postgres), or run ferry materialize where the file "
                + "is to live" + NL);
        assertThat(duckPackage.err()).isEqualTo(duck.err());
        assertThat(password.exitCode()).isEqualTo(1);
        assertThat(password.err()).isEqualTo("ferry: materialize file " + dir.resolve("clicks.yaml") + ": "
                + "target.password: a password in the file would be in the image in clear; leave it out, and give the "
                + "pods FERRY_PLUGINS_POSTGRES_PASSWORD from a Kubernetes Secret with the profile's "
                + "kubernetes.credentials: FERRY_PLUGINS_POSTGRES_PASSWORD=<secret>/<key>" + NL);
        assertThat(versions()).isEmpty();
    }

    @Test
    void deploy_takes_the_packaged_image_and_refuses_it_once_the_file_or_its_schema_changed() throws IOException {
        PlatformProfile profile = PlatformProfile.builder().build();
        MaterializeFiles files = MaterializeFile.imageFiles(MaterializeFile.load("clicks.yaml", dir, profile),
                "clicks.yaml", dir, dir.resolve(PackageCommand.OUTPUT_DIR));
        String digest = "sha256:" + "ab".repeat(32);
        Files.writeString(dir.resolve("target/ferry/image.json"), "{\"app\": \"" + APP + "\", \"image\": "
                + "\"registry.local/clicks:1\", \"digest\": \"" + digest + "\"}");

        Cli.Result packaged = deploy("--dry-run");
        Files.writeString(dir.resolve("clicks.schema.json"), "{\"type\": \"object\"}");
        Cli.Result schemaChanged = deploy("--dry-run");
        Cli.Result explicit = deploy("--dry-run", "--image", "registry.local/clicks:2");

        assertThat(files.file()).hasContent("# clicks.yaml as ferry package put it into the image: its schema file is "
                + "in schema/\n---\nmaterialize: \"clicks-to-warehouse\"\ntopic: \"clicks\"\nschema: "
                + "\"schema/clicks.schema.json\"\ntarget:\n  type: \"postgres\"\n  url: "
                + "\"jdbc:postgresql://warehouse.db.svc:5432/analytics\"\n  table: \"clicks\"\n  key: \"client\"\n");
        assertThat(files.filePath()).isEqualTo("/app/materialize/clicks.yaml");
        assertThat(packaged.err()).isEmpty();
        assertThat(packaged.out()).contains("image: \"registry.local/clicks:1@" + digest + "\"");
        assertThat(schemaChanged.exitCode()).isEqualTo(1);
        assertThat(schemaChanged.err()).isEqualTo("ferry: clicks.yaml or its schema file changed since ferry package "
                + "put it into the image target/ferry/image.json names, whose pods would run the old one: run ferry "
                + "package clicks.yaml again (or pass --image)" + NL);
        assertThat(explicit.exitCode()).as(explicit.err()).isZero();
    }
}
