package dev.ferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.faults.FaultPlan.Kind;
import dev.ferry.faults.FaultPlan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void the_same_seed_gives_the_same_plan_and_another_seed_another() {
        assertThat(FaultPlan.random(42, 10, 1, 1)).isEqualTo(FaultPlan.random(42, 10, 1, 1));
        assertThat(FaultPlan.random(43, 10, 1, 1).steps()).isNotEqualTo(FaultPlan.random(42, 10, 1, 1).steps());
    }

    @Test
    void a_plan_has_every_fault_asked_for_in_order_of_progress_within_the_window() {
        List<Step> steps = FaultPlan.random(7, 10, 2, 3).steps();

        assertThat(steps).filteredOn(s -> s.kind() == Kind.KILL).hasSize(10);
        assertThat(steps).filteredOn(s -> s.kind() == Kind.BROKER_RESTART).hasSize(2);
        assertThat(steps).filteredOn(s -> s.kind() == Kind.SCALE_OUT).hasSize(3);
        assertThat(steps).filteredOn(s -> s.kind() == Kind.SCALE_IN).hasSize(3);
        assertThat(steps).extracting(Step::atProgress).isSorted()
                .allSatisfy(p -> assertThat(p).isBetween(FaultPlan.FIRST, FaultPlan.LAST));
    }

    @Test
    void a_second_instance_is_always_added_before_it_is_removed() {
        for (long seed = 0; seed < 200; seed++) {
            int running = 0;
            for (Step s : FaultPlan.random(seed, 3, 1, 2).steps()) {
                running += s.kind() == Kind.SCALE_OUT ? 1 : s.kind() == Kind.SCALE_IN ? -1 : 0;
                assertThat(running).as("seed %d", seed).isBetween(0, 1);
            }
            assertThat(running).as("seed %d ends with the second instance removed", seed).isZero();
        }
    }
}
