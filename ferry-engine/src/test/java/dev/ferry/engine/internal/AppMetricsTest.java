package dev.ferry.engine.internal;

import dev.ferry.engine.LagRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app's status and meters, as listeners of its life: the meters read the counts the status
 * keeps, and the status carries the lag verdict.
 */
class AppMetricsTest {

    private final AppMetrics metrics = new AppMetrics("scorer", 3);
    private final AppState state = new AppState("scorer", 1, metrics, List.of("scores", "alerts"));

    private static OutputRecord out(String topic) {
        return new OutputRecord(topic, 0, null, "{}".getBytes(), Map.of());
    }

    private static List<Event> events(int n) {
        return Collections.nCopies(n, Event.of("in", 0, 0, 0, null, "{}".getBytes(), List.of()));
    }

    @Test
    void counts_consumed_and_emitted_events_by_topic_tagged_with_the_app() {
        state.completed(0, events(3), List.of(out("scores"), out("scores"), out("alerts")));
        state.completed(0, events(2), List.of(out("scores")));

        assertThat(metrics.scrape())
                .contains("ferry_events_consumed_total{app=\"scorer\"} 5.0")
                .contains("ferry_events_emitted_total{app=\"scorer\",topic=\"scores\"} 3.0")
                .contains("ferry_events_emitted_total{app=\"scorer\",topic=\"alerts\"} 1.0");
        assertThat(state.snapshot().emitted()).isEqualTo(4);
    }

    @Test
    void counts_failures_by_stage_retries_and_dead_letters_and_shows_a_halt() {
        state.failed(0, ProcessingException.Stage.FUNCTION, "boom");
        state.failed(0, ProcessingException.Stage.FUNCTION, "boom");
        state.failed(0, ProcessingException.Stage.DECODE, "not json");
        state.retrying(0, new EventPosition("in", 0, 41), 1, Duration.ofMillis(10), "boom");
        assertThat(state.snapshot().state()).isEqualTo(AppStatus.State.FAILING);
        state.deadLettered(0, new EventPosition("in", 0, 40), 3, "bad");
        assertThat(metrics.scrape()).contains("ferry_halted{app=\"scorer\"} 0.0");

        state.halted(0, new EventPosition("in", 0, 41), 3, "boom");

        assertThat(metrics.scrape())
                .contains("ferry_failures_total{app=\"scorer\",stage=\"function\"} 2.0")
                .contains("ferry_failures_total{app=\"scorer\",stage=\"decode\"} 1.0")
                .contains("ferry_failures_total{app=\"scorer\",stage=\"write\"} 0.0")
                .contains("ferry_retries_total{app=\"scorer\"} 1.0")
                .contains("ferry_events_dead_lettered_total{app=\"scorer\"} 1.0")
                .contains("ferry_halted{app=\"scorer\"} 1.0");
        AppStatus s = state.snapshot();
        assertThat(s.health()).isEqualTo(AppStatus.Health.HALTED);
        assertThat(s.healthReason()).contains("topic 'in' partition 0 offset 41").contains("boom");
    }

    @Test
    void shows_readiness_as_a_gauge_that_follows_the_status() {
        assertThat(metrics.scrape()).contains("ferry_ready{app=\"scorer\"} 0.0");

        state.assigned(0, List.of(new Partition("in", 0)), 1);
        assertThat(state.snapshot().ready()).isTrue();
        assertThat(metrics.scrape()).contains("ferry_ready{app=\"scorer\"} 1.0");

        state.halted(0, new EventPosition("in", 0, 41), 3, "boom");
        assertThat(metrics.scrape()).contains("ferry_ready{app=\"scorer\"} 0.0")
                .contains("ferry_halted{app=\"scorer\"} 1.0");
    }

    @Test
    void publishes_the_timers_as_histograms() {
        metrics.batchCompleted(0, 10, Duration.ofMillis(2));
        metrics.functionCalled(0, 10, 1_000_000);

        assertThat(metrics.scrape())
                .contains("ferry_batch_duration_seconds_count{app=\"scorer\"} 1")
                .contains("ferry_batch_duration_seconds_bucket{app=\"scorer\",le=")
                .contains("ferry_function_duration_seconds_count{app=\"scorer\"} 1");
    }

    @Test
    void the_status_carries_the_worst_partition_verdict_and_the_total_lag() {
        state.assigned(0, List.of(new Partition("in", 0), new Partition("in", 1)), 2);
        for (int i = 0; i < 3; i++) {
            state.lagSampled(0, List.of(
                    new dev.ferry.engine.spi.LifecycleListener.PartitionLag(new Partition("in", 0), i * 1_000L, 10, 4, 2.5),
                    new dev.ferry.engine.spi.LifecycleListener.PartitionLag(new Partition("in", 1), i * 1_000L, 10 + i, 0,
                            0)));
        }

        AppStatus s = state.snapshot();

        assertThat(s.health()).isEqualTo(AppStatus.Health.STALLED);
        assertThat(s.healthReason()).startsWith("topic 'in' partition 0 is STALLED: 4 event(s) behind");
        assertThat(s.lag()).isEqualTo(4);
        assertThat(metrics.scrape())
                .contains("ferry_consumer_lag{app=\"scorer\",partition=\"0\",topic=\"in\"} 4.0")
                .contains("ferry_consumer_lag_seconds{app=\"scorer\",partition=\"0\",topic=\"in\"} 2.5");
    }

    @Test
    void a_released_partition_loses_its_gauges_unless_another_consumer_took_it() {
        metrics.lags().record("in", 0, 0, new LagRules.Sample(0, 10, 4, 0), 0);
        metrics.lags().record("in", 1, 0, new LagRules.Sample(0, 10, 4, 0), 0);
        metrics.lags().record("in", 1, 1, new LagRules.Sample(1_000, 10, 5, 0), 0);

        state.revoked(0, List.of(new Partition("in", 0), new Partition("in", 1)), false, 0);

        assertThat(metrics.scrape())
                .doesNotContain("ferry_consumer_lag{app=\"scorer\",partition=\"0\"")
                .contains("ferry_consumer_lag{app=\"scorer\",partition=\"1\",topic=\"in\"} 5.0");
        assertThat(metrics.lags().views()).extracting(PartitionLags.View::partition).containsExactly(1);
    }
}
