package dev.ferry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

/** When a workload counts as rolled out, and what is said of a pod that is not ready. */
class RolloutStateTest {

    @Test
    void a_deployment_is_rolled_out_only_when_the_controller_saw_its_spec_and_no_old_replica_is_left() {
        DeploymentBuilder d = new DeploymentBuilder().withNewMetadata().withName("a").withGeneration(3L).endMetadata()
                .withNewSpec().withReplicas(2).endSpec();

        assertThat(Rollout.state(d.withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2)
                .withAvailableReplicas(2).endStatus().build()).summary())
                .isEqualTo("the controller has not seen the new version yet");
        var surge = Rollout.state(d.withNewStatus().withObservedGeneration(3L).withReplicas(3).withUpdatedReplicas(2)
                .withAvailableReplicas(2).endStatus().build());
        assertThat(surge.done()).isFalse();
        assertThat(surge.summary()).isEqualTo("2 of 2 replicas updated, 2 available, 1 old one still running");
        assertThat(Rollout.state(d.withNewStatus().withObservedGeneration(3L).withReplicas(2).withUpdatedReplicas(2)
                .withAvailableReplicas(1).endStatus().build()).done()).isFalse();
        assertThat(Rollout.state(d.withNewStatus().withObservedGeneration(3L).withReplicas(2).withUpdatedReplicas(2)
                .withAvailableReplicas(2).endStatus().build()).done()).isTrue();
    }

    @Test
    void a_deployment_scaled_to_zero_is_rolled_out_at_once() {
        var zero = Rollout.state(new DeploymentBuilder().withNewMetadata().withName("a").withGeneration(1L)
                .endMetadata().withNewSpec().withReplicas(0).endSpec().withNewStatus().withObservedGeneration(1L)
                .endStatus().build());
        assertThat(zero.done()).isTrue();
        assertThat(new Rollout.Done("deployment/a", 0, java.time.Duration.ofMillis(40)).toString())
                .isEqualTo("deployment/a rolled out: 0 replicas wanted, nothing to wait for in 0.0s");
    }

    @Test
    void a_stateful_set_is_rolled_out_when_its_current_revision_is_the_update_revision() {
        StatefulSetBuilder s = new StatefulSetBuilder().withNewMetadata().withName("eo").withGeneration(2L)
                .endMetadata().withNewSpec().withReplicas(2).endSpec();

        var rolling = Rollout.state(s.withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(2).withCurrentRevision("eo-1").withUpdateRevision("eo-2").endStatus().build());
        assertThat(rolling.done()).isFalse();
        assertThat(rolling.summary()).isEqualTo("2 of 2 replicas updated, 2 ready");
        assertThat(Rollout.state(s.withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(1).withCurrentRevision("eo-2").withUpdateRevision("eo-2").endStatus().build())
                .done()).isFalse();
        assertThat(Rollout.state(s.withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2)
                .withReadyReplicas(2).withCurrentRevision("eo-2").withUpdateRevision("eo-2").endStatus().build())
                .done()).isTrue();
    }

    @Test
    void a_pod_is_described_by_what_keeps_it_from_being_ready() {
        assertThat(Rollout.problem(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition().endStatus().build()))
                .isEqualTo("cannot be scheduled: Unschedulable 0/3 nodes are available: 3 Insufficient memory.");
        assertThat(Rollout.problem(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .addNewContainerStatus().withReady(false).withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState().endContainerStatus().endStatus().build()))
                .as("a pod that is only being started").isNull();
        assertThat(Rollout.problem(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .addNewContainerStatus().withReady(true).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().endStatus().build())).as("a ready pod").isNull();
        assertThat(Rollout.problem(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus()
                .addNewContainerStatus().withReady(false).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().endStatus().build()))
                .startsWith("is running but not ready (its readiness check, /health/ready, fails");
    }
}
