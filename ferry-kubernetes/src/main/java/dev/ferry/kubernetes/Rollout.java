package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits until an applied app's pods run the new version and are ready, as {@code kubectl rollout
 * status} does, so that {@code ferry deploy --wait} ends when the app is really up, or says which
 * pod is not and why (an image that cannot be pulled, a container that keeps crashing, a pod that
 * cannot be scheduled, a readiness check failing).
 *
 * <p>A Deployment is rolled out when the controller has seen its latest spec, every replica is
 * updated and available and no old one is left; a StatefulSet when every replica is updated and
 * ready and its current revision is the update revision. A Deployment whose progress deadline
 * passed fails at once, as the controller says; everything else is waited for until the timeout.
 */
public final class Rollout {

    private final KubernetesClient client;
    private final Duration pollEvery;

    /** Waits on this client, looking every {@code pollEvery}. */
    public Rollout(KubernetesClient client, Duration pollEvery) {
        this.client = client;
        this.pollEvery = pollEvery;
    }

    /** What a finished wait found. */
    public record Done(String workload, int replicas, Duration took) {
        @Override
        public String toString() {
            return workload + " rolled out: " + (replicas == 0 ? "0 replicas wanted, nothing to wait for"
                    : replicas + " of " + replicas + " replica" + (replicas == 1 ? "" : "s") + " ready")
                    + " in " + seconds(took);
        }
    }

    /**
     * Waits for the app's workload until it has rolled out or {@code timeout} has passed, reporting
     * each new state it sees (once, not on every look).
     *
     * @throws DeployException when the timeout passes or the Deployment's progress deadline did,
     *         naming each pod that is not ready and why
     */
    public Done await(AppManifests manifests, Duration timeout, Consumer<String> progress) {
        HasMetadata workload = manifests.objects().stream()
                .filter(o -> o instanceof Deployment || o instanceof StatefulSet).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("app '" + manifests.app() + "' has no workload"));
        ObjectKind kind = ObjectKind.of(workload);
        String name = workload.getMetadata().getName();
        String described = kind.describe(name);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = null;
        while (true) {
            HasMetadata live = kind.in(client).inNamespace(manifests.namespace()).withName(name).get();
            if (live == null) {
                throw new DeployException(described + " is gone from namespace '" + manifests.namespace()
                        + "' while waiting for its rollout (deleted by someone else?)");
            }
            State state = state(live);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (state.done()) {
                return new Done(described, state.wanted(), took);
            }
            List<String> pods = podProblems(manifests);
            String now = described + ": " + state.summary() + (pods.isEmpty() ? "" : "; " + String.join("; ", pods));
            if (state.failed() != null) {
                throw new DeployException(described + " failed to roll out: " + state.failed() + "; " + state.summary()
                        + (pods.isEmpty() ? "" : "; " + String.join("; ", pods)) + hint(manifests));
            }
            if (!now.equals(last)) {
                progress.accept("waiting for " + now);
                last = now;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new DeployException(described + " did not roll out within " + seconds(timeout) + ": "
                        + state.summary() + (pods.isEmpty() ? "" : "; " + String.join("; ", pods)) + hint(manifests));
            }
            pause(Math.min(pollEvery.toNanos(), Math.max(0, deadline - System.nanoTime())));
        }
    }

    private static String hint(AppManifests m) {
        return " (see ferry status " + m.app() + " and kubectl -n " + m.namespace() + " describe pods -l "
                + Labels.NAME + "=" + m.app() + ")";
    }

    /** Where a workload's rollout is: done, failed (and why), or how far it got. */
    record State(boolean done, String failed, int wanted, String summary) {
    }

    static State state(HasMetadata live) {
        long generation = live.getMetadata().getGeneration() == null ? 0 : live.getMetadata().getGeneration();
        if (live instanceof Deployment d) {
            int wanted = orZero(d.getSpec().getReplicas());
            DeploymentStatus s = d.getStatus();
            if (s == null || orZero(s.getObservedGeneration()) < generation) {
                return new State(false, null, wanted, "the controller has not seen the new version yet");
            }
            String failed = null;
            for (DeploymentCondition c : s.getConditions() == null ? List.<DeploymentCondition>of() : s.getConditions()) {
                if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    failed = "its progress deadline passed (" + Objects.toString(c.getMessage(), "no message") + ")";
                }
            }
            int updated = orZero(s.getUpdatedReplicas());
            int total = orZero(s.getReplicas());
            int available = orZero(s.getAvailableReplicas());
            boolean done = updated >= wanted && total <= updated && available >= wanted;
            return new State(done, failed, wanted, progress(wanted, updated, available, total - updated, "available"));
        }
        StatefulSet sts = (StatefulSet) live;
        int wanted = orZero(sts.getSpec().getReplicas());
        StatefulSetStatus s = sts.getStatus();
        if (s == null || orZero(s.getObservedGeneration()) < generation) {
            return new State(false, null, wanted, "the controller has not seen the new version yet");
        }
        int updated = orZero(s.getUpdatedReplicas());
        int ready = orZero(s.getReadyReplicas());
        boolean sameRevision = s.getUpdateRevision() == null || s.getUpdateRevision().equals(s.getCurrentRevision());
        boolean done = updated >= wanted && ready >= wanted && sameRevision;
        return new State(done, null, wanted, progress(wanted, updated, ready, Math.max(0, orZero(s.getReplicas())
                - updated), "ready"));
    }

    private static String progress(int wanted, int updated, int ready, int old, String readyWord) {
        return updated + " of " + wanted + " replica" + (wanted == 1 ? "" : "s") + " updated, " + ready + " "
                + readyWord + (old > 0 ? ", " + old + " old one" + (old == 1 ? "" : "s") + " still running" : "");
    }

    /** A sentence for each of the app's pods that is not ready, saying why as Kubernetes does. */
    private List<String> podProblems(AppManifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(manifests.namespace()).withLabels(Labels.selector(manifests.app()))
                .list().getItems()) {
            String why = problem(pod);
            if (why != null) {
                problems.add("pod " + pod.getMetadata().getName() + " " + why);
            }
        }
        return problems;
    }

    static String problem(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return null;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        for (PodCondition c : conditions) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return "cannot be scheduled: " + Objects.toString(c.getReason(), "") + " "
                        + Objects.toString(c.getMessage(), "");
            }
        }
        List<ContainerStatus> containers = pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null) {
                String reason = c.getState().getWaiting().getReason();
                if (reason != null && !"ContainerCreating".equals(reason) && !"PodInitializing".equals(reason)) {
                    return "is waiting: " + reason + describeMessage(c.getState().getWaiting().getMessage())
                            + lastExit(c);
                }
            }
        }
        for (ContainerStatus c : containers) {
            if (!Boolean.TRUE.equals(c.getReady()) && c.getState() != null && c.getState().getRunning() != null) {
                return "is running but not ready (its readiness check, /health/ready, fails: the app is not ready, see ferry status)" + lastExit(c);
            }
        }
        return null;
    }

    private static String lastExit(ContainerStatus c) {
        if (c.getLastState() == null || c.getLastState().getTerminated() == null) {
            return "";
        }
        var t = c.getLastState().getTerminated();
        return "; its container restarted " + orZero(c.getRestartCount()) + " time" + (orZero(c.getRestartCount()) == 1
                ? "" : "s") + ", last exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason()
                + ")") + describeMessage(t.getMessage());
    }

    private static String describeMessage(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Math.max(1, Duration.ofNanos(nanos).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while waiting for the rollout", e);
        }
    }
}
