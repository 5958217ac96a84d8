package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus.Health;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Burrow-style verdict over a window of lag samples: a pure function, no broker, no clock. */
class LagRulesTest {

    private static final int WINDOW = 10;

    /**
     * A window of samples one second apart, from pairs of (next offset, lag); the consumer's progress
     * follows the partition's (it owns no other partition that moves).
     */
    private static List<LagRules.Sample> window(long... nextAndLag) {
        List<LagRules.Sample> out = new ArrayList<>();
        for (int i = 0; i < nextAndLag.length; i += 2) {
            out.add(new LagRules.Sample(1_000L * (i / 2), nextAndLag[i], nextAndLag[i + 1], nextAndLag[i]));
        }
        return out;
    }

    /**
     * {@code WINDOW} samples whose next offset, lag and consumer progress move by fixed steps.
     */
    private static List<LagRules.Sample> steps(long next, long nextStep, long lag, long lagStep, long progressStep) {
        List<LagRules.Sample> out = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            out.add(new LagRules.Sample(1_000L * i, next + i * nextStep, lag + i * lagStep, 1_000 + i * progressStep));
        }
        return out;
    }

    /** {@link #steps(long, long, long, long, long)} where the consumer progresses exactly as the partition does. */
    private static List<LagRules.Sample> steps(long next, long nextStep, long lag, long lagStep) {
        return steps(next, nextStep, lag, lagStep, nextStep);
    }

    @Test
    void a_window_that_is_not_full_yet_is_ok_whatever_it_holds() {
        assertThat(LagRules.evaluate(List.of(), WINDOW)).isEqualTo(Health.OK);
        assertThat(LagRules.evaluate(steps(5, 0, 100, 10).subList(0, WINDOW - 1), WINDOW)).isEqualTo(Health.OK);
    }

    @Test
    void no_progress_of_the_partition_nor_of_its_consumer_with_lag_over_the_whole_window_is_stalled() {
        assertThat(LagRules.evaluate(steps(5, 0, 7, 0), WINDOW)).isEqualTo(Health.STALLED);
        assertThat(LagRules.evaluate(steps(5, 0, 7, 3), WINDOW)).isEqualTo(Health.STALLED);
    }

    @Test
    void a_partition_that_waits_while_its_consumer_completes_other_events_is_lagging_not_stalled() {
        assertThat(LagRules.evaluate(steps(5, 0, 7, 0, 100), WINDOW)).isEqualTo(Health.LAGGING);
        assertThat(LagRules.evaluate(steps(5, 0, 7, 3, 1), WINDOW)).isEqualTo(Health.LAGGING);
    }

    @Test
    void only_the_first_and_last_samples_decide_whether_the_consumer_progressed() {
        List<LagRules.Sample> w = steps(5, 0, 7, 0, 0);
        w.set(4, new LagRules.Sample(4_000, 5, 7, 2_000));

        assertThat(LagRules.evaluate(w, WINDOW)).as("progress that is not there any more at the end")
                .isEqualTo(Health.STALLED);
    }

    @Test
    void a_zero_lag_anywhere_in_the_window_is_ok_even_without_progress() {
        List<LagRules.Sample> w = steps(5, 0, 7, 0);
        w.set(3, new LagRules.Sample(3_000, 5, 0, 1_000));

        assertThat(LagRules.evaluate(w, WINDOW)).isEqualTo(Health.OK);
        assertThat(LagRules.evaluate(steps(5, 0, 0, 0), WINDOW)).isEqualTo(Health.OK);
    }

    @Test
    void progress_while_the_lag_never_shrinks_is_lagging() {
        assertThat(LagRules.evaluate(steps(5, 10, 50, 2), WINDOW)).isEqualTo(Health.LAGGING);
        assertThat(LagRules.evaluate(steps(5, 10, 50, 0), WINDOW)).isEqualTo(Health.LAGGING);
    }

    @Test
    void progress_with_the_lag_shrinking_in_any_step_is_ok() {
        List<LagRules.Sample> w = steps(5, 10, 50, 2);
        w.set(6, new LagRules.Sample(6_000, 65, 40, 1_060));

        assertThat(LagRules.evaluate(w, WINDOW)).isEqualTo(Health.OK);
        assertThat(LagRules.evaluate(steps(5, 10, 100, -5), WINDOW)).isEqualTo(Health.OK);
    }

    @Test
    void only_the_first_and_last_next_offsets_decide_whether_the_partition_moved() {
        List<LagRules.Sample> w = window(5, 9, 6, 9, 7, 9, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 5, 9);

        assertThat(LagRules.evaluate(w, WINDOW)).isEqualTo(Health.STALLED);
    }

    @Test
    void the_reason_names_the_partition_the_lag_the_window_and_what_its_consumer_did() {
        List<LagRules.Sample> stalled = steps(5, 0, 7, 0);
        List<LagRules.Sample> waiting = steps(5, 0, 7, 0, 100);
        List<LagRules.Sample> lagging = steps(5, 10, 50, 2);

        assertThat(LagRules.reason(Health.STALLED, "in", 2, stalled)).isEqualTo("topic 'in' partition 2 is STALLED: "
                + "7 event(s) behind, no progress past offset 5 and no event completed by its consumer over the last 10 "
                + "samples (9s)");
        assertThat(LagRules.reason(Health.LAGGING, "in", 2, waiting)).isEqualTo("topic 'in' partition 2 is LAGGING: "
                + "7 event(s) behind and no progress past offset 5 over the last 10 samples (9s), while its consumer "
                + "completed 900 other event(s): it waits behind that work");
        assertThat(LagRules.reason(Health.LAGGING, "in", 0, lagging)).isEqualTo("topic 'in' partition 0 is LAGGING: "
                + "its lag went from 50 to 68 event(s) without shrinking over the last 10 samples (9s)");
        assertThat(LagRules.reason(Health.OK, "in", 0, lagging)).isEmpty();
    }
}
