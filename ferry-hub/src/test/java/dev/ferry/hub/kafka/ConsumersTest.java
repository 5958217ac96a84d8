package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus.Health;
import dev.ferry.hub.GroupView;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumers page: lag in events and seconds, and verdicts: a Ferry app's own, the hub's for other groups. */
class ConsumersTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void lag_is_counted_in_events_and_in_seconds_from_the_oldest_unprocessed_event() {
        String topic = KAFKA.uniqueTopic("lagging");
        KAFKA.createTopic(topic, 1);
        String group = topic + "-group";
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                records.text(topic, 0, fiveMinutesAgo.plusSeconds(i), "e" + i);
            }
            records.commit(group, topic, 0, 4);
            records.commit(topic + "-caught-up", topic, 0, 10);
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            GroupView g = hub.consumer(group).orElseThrow();
            assertThat(g.state()).isEqualTo("Empty");
            assertThat(g.members()).isEmpty();
            assertThat(g.totalLag()).isEqualTo(6);
            assertThat(g.app()).isEmpty();
            GroupView.PartitionLag lag = g.lags().get(0);
            assertThat(g.lags()).hasSize(1);
            assertThat(lag.committed()).isEqualTo(4);
            assertThat(lag.end()).isEqualTo(10);
            assertThat(lag.lagEvents()).isEqualTo(6);
            double expected = Duration.between(fiveMinutesAgo.plusSeconds(4), hub.refreshedAt()).toMillis() / 1000.0;
            assertThat(lag.lagSeconds()).isBetween(expected - 1, expected + 1);
            GroupView caughtUp = hub.consumer(topic + "-caught-up").orElseThrow();
            assertThat(caughtUp.totalLag()).isZero();
            assertThat(caughtUp.lags().get(0).lagSeconds()).isZero();
            assertThat(hub.consumers()).extracting(GroupView::group).contains(group, topic + "-caught-up").isSorted();
            assertThat(hub.consumer("no-such-group")).isEmpty();
        }
    }

    @Test
    void a_group_that_does_not_move_while_behind_is_stalled_by_the_hubs_own_samples() {
        String topic = KAFKA.uniqueTopic("stuck");
        KAFKA.createTopic(topic, 1);
        String stuck = topic + "-stuck";
        String fine = topic + "-fine";
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 5; i++) {
                records.text(topic, 0, null, "e" + i);
            }
            records.commit(stuck, topic, 0, 2);
            records.commit(fine, topic, 0, 5);
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic).withLagWindow(3))) {
            assertThat(hub.consumer(stuck).orElseThrow().verdict()).isEqualTo(Health.OK); // window not full yet
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.consumer(stuck).orElseThrow().verdict() == Health.STALLED);
            GroupView g = hub.consumer(stuck).orElseThrow();
            assertThat(g.reason()).contains("topic '" + topic + "' partition 0 is STALLED: 3 event(s) behind");
            assertThat(g.failure()).isEmpty();
            assertThat(hub.consumer(fine).orElseThrow().verdict()).isEqualTo(Health.OK);
            assertThat(hub.consumer(fine).orElseThrow().reason()).isEmpty();
        }
    }

    @Test
    void a_halted_ferry_app_is_halted_with_its_failing_event_from_its_status_report() {
        String topic = KAFKA.uniqueTopic("payments");
        KAFKA.createTopic(topic, 1);
        String app = topic + "-scorer";
        HubSettings settings = HubFixture.settings(KAFKA, topic);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 5; i++) {
                records.text(topic, 0, null, "e" + i);
            }
            records.commit(app, topic, 0, 3);
            records.announce(settings.announceTopic(), Records.announcement(app, "i1", List.of(topic), List.of(),
                    Instant.now(), false));
            records.report(settings.statusTopic(), Records.halted(app, "i1", topic, 3, Instant.now()));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            GroupView g = hub.consumer(app).orElseThrow();
            assertThat(g.verdict()).isEqualTo(Health.HALTED);
            assertThat(g.app()).contains(app);
            assertThat(g.failure()).hasValueSatisfying(f -> {
                assertThat(f.position().topic()).isEqualTo(topic);
                assertThat(f.position().offset()).isEqualTo(3);
                assertThat(f.message()).isEqualTo("boom: not a number");
            });
            assertThat(g.reason()).contains("boom: not a number");
            assertThat(g.totalLag()).isEqualTo(2);
        }
    }

    @Test
    void a_ferry_app_whose_reports_are_stale_is_judged_by_the_hub() {
        String topic = KAFKA.uniqueTopic("gone");
        KAFKA.createTopic(topic, 1);
        String app = topic + "-app";
        HubSettings settings = HubFixture.settings(KAFKA, topic);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.text(topic, 0, null, "e0");
            records.commit(app, topic, 0, 1);
            records.announce(settings.announceTopic(), Records.announcement(app, "i1", List.of(topic), List.of(),
                    Instant.now().minus(Duration.ofHours(1)), false));
            records.report(settings.statusTopic(), Records.halted(app, "i1", topic, 0,
                    Instant.now().minus(Duration.ofHours(1))));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            GroupView g = hub.consumer(app).orElseThrow();
            assertThat(g.verdict()).isEqualTo(Health.OK);
            assertThat(g.failure()).isEmpty();
            assertThat(g.app()).contains(app);
        }
    }
}
