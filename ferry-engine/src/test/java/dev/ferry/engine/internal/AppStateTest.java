package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.Partition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The states of an app's consumers as its listeners hear its life: when it is failing and when it runs again. */
class AppStateTest {

    private AppState state = new AppState("scorer", 1, new AppMetrics("scorer", 3), List.of());

    private static Event event(int partition, long offset) {
        return Event.of("in", partition, offset, 0, null, "{}".getBytes(), List.of());
    }

    private static EventPosition at(int partition, long offset) {
        return new EventPosition("in", partition, offset);
    }

    private void retrying(int consumer, EventPosition position, int attempt) {
        state.retrying(consumer, position, attempt, Duration.ofMillis(10), "boom " + attempt);
    }

    @Test
    void is_failing_from_the_first_retry_until_the_event_itself_completes_whatever_else_completes_meanwhile() {
        state.assigned(0, List.of(new Partition("in", 0)), 1);
        retrying(0, at(0, 3), 1);

        state.completed(0, List.of(event(0, 0), event(0, 1), event(0, 2)), List.of());
        assertThat(state.snapshot().state()).as("an earlier poll acknowledged").isEqualTo(State.FAILING);
        retrying(0, at(0, 3), 2);
        assertThat(state.snapshot().failure()).hasValue(new AppStatus.Failure(at(0, 3), 2, "boom 2"));

        state.completed(0, List.of(event(0, 3)), List.of());

        assertThat(state.snapshot().state()).isEqualTo(State.RUNNING);
        assertThat(state.snapshot().failure()).isEmpty();
    }

    @Test
    void a_dead_lettered_event_ends_the_failing_state_and_is_counted_first() {
        state.assigned(0, List.of(new Partition("in", 0)), 1);
        retrying(0, at(0, 3), 1);

        state.deadLettered(0, at(0, 3), 2, "boom");

        AppStatus s = state.snapshot();
        assertThat(s.state()).isEqualTo(State.RUNNING);
        assertThat(s.deadLettered()).isEqualTo(1);
    }

    @Test
    void with_several_events_failing_it_names_the_first_and_runs_again_when_the_last_is_settled() {
        state.assigned(0, List.of(new Partition("in", 0), new Partition("in", 1)), 2);
        retrying(0, at(0, 3), 1);
        retrying(0, at(1, 8), 1);
        retrying(0, at(1, 8), 2);
        assertThat(state.snapshot().failure().orElseThrow().position()).isEqualTo(at(0, 3));

        state.completed(0, List.of(event(0, 3)), List.of());
        assertThat(state.snapshot().state()).isEqualTo(State.FAILING);
        assertThat(state.snapshot().failure()).hasValue(new AppStatus.Failure(at(1, 8), 2, "boom 2"));

        state.deadLettered(0, at(1, 8), 3, "boom");
        assertThat(state.snapshot().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void giving_up_the_partition_of_a_failing_event_ends_its_failing_state_and_counts_the_partitions_left() {
        state.assigned(0, List.of(new Partition("in", 0), new Partition("in", 1)), 2);
        retrying(0, at(1, 8), 1);

        state.revoked(0, List.of(new Partition("in", 0)), false, 1);
        assertThat(state.snapshot().state()).isEqualTo(State.FAILING);
        assertThat(state.snapshot().partitions()).isEqualTo(1);

        state.revoked(0, List.of(new Partition("in", 1)), true, 0);
        assertThat(state.snapshot().state()).isEqualTo(State.RUNNING);
        assertThat(state.snapshot().partitions()).isZero();
    }

    @Test
    void a_halt_is_final_and_a_later_retry_or_completion_does_not_undo_it() {
        state.assigned(0, List.of(new Partition("in", 0)), 1);
        retrying(0, at(0, 3), 1);
        state.halted(0, at(0, 3), 3, "boom");

        retrying(0, at(0, 5), 1);
        state.completed(0, List.of(event(0, 3)), List.of());

        assertThat(state.snapshot().state()).isEqualTo(State.HALTED);
        assertThat(state.snapshot().failure()).hasValue(new AppStatus.Failure(at(0, 3), 3, "boom"));
    }

    @Test
    void a_store_away_makes_the_app_not_ready_from_the_first_report_until_it_is_back_and_shows_in_the_gauge() {
        AppMetrics metrics = new AppMetrics("scorer", 3);
        state = new AppState("scorer", 2, metrics, List.of());
        state.assigned(0, List.of(new Partition("in", 0)), 1);
        state.assigned(1, List.of(new Partition("in", 1)), 2);
        StoreReach reach = new StoreReach("scorer", 1, state);
        assertThat(state.snapshot().ready()).isTrue();

        reach.unavailable("connection refused");
        AppStatus away = state.snapshot();
        reach.unavailable("connection reset"); // the same outage: its first reason and time stay

        assertThat(away.ready()).isFalse();
        assertThat(state.snapshot().store()).hasValueSatisfying(u -> {
            assertThat(u.reason()).isEqualTo("connection refused");
            assertThat(u.since()).isEqualTo(away.store().get().since());
        });
        assertThat(away.notReadyReason()).startsWith("app 'scorer' cannot write to its store: connection refused (since ");
        assertThat(away.state()).as("the state and the lag verdict are their own").isEqualTo(State.RUNNING);
        assertThat(away.health()).isEqualTo(AppStatus.Health.OK);
        assertThat(metrics.scrape()).contains("ferry_sink_unavailable{app=\"scorer\"} 1.0")
                .contains("ferry_ready{app=\"scorer\"} 0.0");

        reach.available();

        assertThat(state.snapshot().ready()).isTrue();
        assertThat(state.snapshot().store()).isEmpty();
        assertThat(metrics.scrape()).contains("ferry_sink_unavailable{app=\"scorer\"} 0.0");
    }

    @Test
    void the_app_is_as_bad_as_its_worst_consumer() {
        state = new AppState("scorer", 2, new AppMetrics("scorer", 3), List.of());
        state.assigned(0, List.of(new Partition("in", 0)), 1);
        state.assigned(1, List.of(new Partition("in", 1)), 1);
        retrying(1, at(1, 8), 1);

        state.completed(0, List.of(event(0, 3)), List.of());

        assertThat(state.snapshot().state()).isEqualTo(State.FAILING);
        assertThat(state.snapshot().partitions()).isEqualTo(2);
    }
}
