package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry deploy --wait}, run as a user runs it against fabric8's mock API server, with the
 * test playing the Deployment controller and the kubelet: it writes the workload's status and the
 * app's pods as a cluster would while the command waits.
 */
class DeployWaitTest {

    private static final String APP = "cli-hello";

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
        KubernetesMock.Namespace namespace = kube.newNamespace("deploy-wait", dir);
        ns = namespace.name();
        env = namespace.env();
        Files.writeString(dir.resolve("ferry.yaml"), "kafka.common.bootstrap.servers: kafka-0.kafka.svc:9092\n");
    }

    private Cli.Result deploy(String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", HelloApp.class.getName(), "--partitions", "3",
                "--image", "registry.local/cli-hello:1"));
        args.addAll(List.of(more));
        return Cli.in(dir, env).run(args.toArray(String[]::new));
    }

    private static NamespacedKubernetesClient k8s() {
        return kube.client();
    }

    private Deployment deployment() {
        return k8s().apps().deployments().inNamespace(ns).withName(APP).get();
    }

    /** What the Deployment controller writes once the new pods are up: every replica updated and available. */
    private void rolledOut(int replicas) {
        Deployment d = deployment();
        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        k8s().apps().deployments().inNamespace(ns).resource(d).updateStatus();
    }

    private void pod(String name, PodBuilder state) {
        Pod pod = state.editOrNewMetadata().withName(name).withNamespace(ns)
                .addToLabels("app.kubernetes.io/name", APP).addToLabels("app.kubernetes.io/managed-by", "ferry")
                .endMetadata().build();
        k8s().pods().inNamespace(ns).resource(pod).create();
    }

    @Test
    void waits_until_the_controller_reports_every_replica_updated_and_available() throws Exception {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> deploy("--wait", "60s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null);
        pod(APP + "-7d9f-abcde", new PodBuilder().withNewStatus().addNewContainerStatus().withName("app")
                .withReady(false).withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus());
        assertThat(kube.awaitRequest("/api/v1/namespaces/" + ns + "/pods?labelSelector=", Duration.ofSeconds(30)))
                .as("the command looked at the pods, so it is waiting").isTrue();
        assertThat(run).isNotDone();
        rolledOut(1);

        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("deployment/" + APP + " created")
                .contains("waiting for deployment/" + APP + ": ")
                .contains("pod " + APP + "-7d9f-abcde is running but not ready")
                .containsPattern("(?m)^deployment/" + APP + " rolled out: 1 of 1 replica ready in \\d+\\.\\ds$");
    }

    @Test
    void a_timeout_names_the_pod_that_is_not_ready_and_why_and_exits_1() {
        pod(APP + "-7d9f-xyz12", new PodBuilder().withNewStatus().addNewContainerStatus().withName("app")
                .withReady(false).withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.local/cli-hello:1\"").endWaiting().endState()
                .endContainerStatus().endStatus());

        Cli.Result result = deploy("--wait", "2s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("waiting for deployment/" + APP + ": ");
        assertThat(result.err()).contains("deployment/" + APP + " did not roll out within 2.0s: ")
                .contains("pod " + APP + "-7d9f-xyz12 is waiting: ImagePullBackOff: Back-off pulling image "
                        + "\"registry.local/cli-hello:1\"")
                .contains("see ferry status " + APP + " and kubectl -n " + ns + " describe pods -l "
                        + "app.kubernetes.io/name=" + APP);
    }

    @Test
    void a_crashing_container_shows_its_restarts_and_last_exit() {
        pod(APP + "-7d9f-crash", new PodBuilder().withNewStatus().addNewContainerStatus().withName("app")
                .withReady(false).withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(2).withReason("Error")
                .withMessage("ferry: the Kafka cluster at kafka-0.kafka.svc:9092 did not answer within 30s")
                .endTerminated().endLastState().endContainerStatus().endStatus());

        Cli.Result result = deploy("--wait", "1s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("pod " + APP + "-7d9f-crash is waiting: CrashLoopBackOff: back-off 40s "
                + "restarting failed container; its container restarted 4 times, last exit code 2 (Error): ferry: the "
                + "Kafka cluster at kafka-0.kafka.svc:9092 did not answer within 30s");
    }

    @Test
    void a_passed_progress_deadline_fails_at_once() {
        assertThat(deploy().exitCode()).isZero();
        Deployment d = deployment();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(1).withUpdatedReplicas(1).withConditions(new DeploymentConditionBuilder()
                        .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"cli-hello-7d9f\" has timed out progressing.").build()).build());
        k8s().apps().deployments().inNamespace(ns).resource(d).updateStatus();

        long start = System.nanoTime();
        Cli.Result result = deploy("--wait", "10m");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it did not wait for the timeout")
                .isLessThan(Duration.ofMinutes(5));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("deployment/" + APP + " unchanged");
        assertThat(result.err()).contains("deployment/" + APP + " failed to roll out: its progress deadline passed "
                + "(ReplicaSet \"cli-hello-7d9f\" has timed out progressing.); 1 of 1 replica updated, 0 available");
    }

    @Test
    void an_unchanged_app_that_is_up_needs_no_waiting() {
        assertThat(deploy().exitCode()).isZero();
        rolledOut(1);

        Cli.Result result = deploy("--wait");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).doesNotContain("waiting for")
                .containsPattern("deployment/" + APP + " rolled out: 1 of 1 replica ready in \\d+\\.\\ds");
    }

    @Test
    void wait_with_dry_run_or_a_non_positive_timeout_is_refused() {
        Cli.Result dry = deploy("--dry-run", "--wait");
        Cli.Result zero = deploy("--wait", "0s");

        assertThat(dry.exitCode()).isEqualTo(2);
        assertThat(dry.err()).contains("--wait waits for what a deploy applied; --dry-run applies nothing");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--wait must be a positive duration, got PT0S");
        assertThat(deployment()).as("nothing applied").isNull();
    }
}
