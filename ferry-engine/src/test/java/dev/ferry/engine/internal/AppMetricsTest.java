package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The app's meters read the counts the engine keeps, and its status carries the lag verdict. */
class AppMetricsTest {

    private final AppMetrics metrics = new AppMetrics("scorer", 3);
    private final AppState state = new AppState("scorer", 1, metrics, List.of("scores", "alerts"));

    private static OutRecord out(String topic) {
        return new OutRecord(topic, 0, null, "{}".getBytes(), Map.of());
    }

    @Test
    void counts_consumed_and_emitted_events_by_topic_tagged_with_the_app() {
        state.completed(3, List.of(out("scores"), out("scores"), out("alerts")));
        state.completed(2, List.of(out("scores")));

        assertThat(metrics.scrape())
                .contains("ferry_events_consumed_total{app=\"scorer\"} 5.0")
                .contains("ferry_events_emitted_total{app=\"scorer\",topic=\"scores\"} 3.0")
                .contains("ferry_events_emitted_total{app=\"scorer\",topic=\"alerts\"} 1.0");
        assertThat(state.snapshot().emitted()).isEqualTo(4);
    }

    @Test
    void counts_failures_by_stage_retries_and_dead_letters_and_shows_a_halt() {
        state.failed(ProcessingException.Stage.FUNCTION);
        state.failed(ProcessingException.Stage.FUNCTION);
        state.failed(ProcessingException.Stage.DECODE);
        state.retried();
        state.deadLettered();
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
    void publishes_the_timers_as_histograms() {
        metrics.batchTook(2_000_000);
        metrics.functionTook(1_000_000);

        assertThat(metrics.scrape())
                .contains("ferry_batch_duration_seconds_count{app=\"scorer\"} 1")
                .contains("ferry_batch_duration_seconds_bucket{app=\"scorer\",le=")
                .contains("ferry_function_duration_seconds_count{app=\"scorer\"} 1");
    }

    @Test
    void the_status_carries_the_worst_partition_verdict_and_the_total_lag() {
        state.assigned(0, 2);
        for (int i = 0; i < 3; i++) {
            metrics.lags().record("in", 0, 0, new LagRules.Sample(i * 1_000L, 10, 4), 2.5);
            metrics.lags().record("in", 1, 0, new LagRules.Sample(i * 1_000L, 10 + i, 0), 0);
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
        metrics.lags().record("in", 0, 0, new LagRules.Sample(0, 10, 4), 0);
        metrics.lags().record("in", 1, 0, new LagRules.Sample(0, 10, 4), 0);
        metrics.lags().record("in", 1, 1, new LagRules.Sample(1_000, 10, 5), 0);

        metrics.lags().release(List.of(new TopicPartition("in", 0), new TopicPartition("in", 1)), 0);

        assertThat(metrics.scrape())
                .doesNotContain("ferry_consumer_lag{app=\"scorer\",partition=\"0\"")
                .contains("ferry_consumer_lag{app=\"scorer\",partition=\"1\",topic=\"in\"} 5.0");
        assertThat(metrics.lags().views()).extracting(PartitionLags.View::partition).containsExactly(1);
    }
}
