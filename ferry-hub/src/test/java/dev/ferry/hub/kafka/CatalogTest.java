package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.hub.AppAlerts;
import dev.ferry.hub.AppView;
import dev.ferry.hub.MaterializationView;
import dev.ferry.engine.StatusReport;
import dev.ferry.runbook.AnnouncedApp;
import dev.ferry.runbook.RunbookTexts;
import dev.ferry.runbook.RunbookWriter;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog, from the announcement and status topics alone. */
class CatalogTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void the_catalog_lists_each_app_with_its_latest_announcement_and_its_instances_live_first() {
        String prefix = KAFKA.uniqueTopic("cat");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        Instant now = Instant.now();
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), Records.announcement("scorer", "old", List.of("a"), List.of("b"),
                    now.minusSeconds(600), false).stoppedAt(now.minusSeconds(500)));
            records.announce(settings.announceTopic(), Records.announcement("scorer", "new", List.of("a"), List.of("b", "c"),
                    now.minusSeconds(5), false));
            records.report(settings.statusTopic(), Records.running("scorer", "new", now));
            records.announce(settings.announceTopic(), Records.announcement("archiver", "i1", List.of("b"), List.of(),
                    now.minusSeconds(50), false));
            records.report(settings.statusTopic(), Records.running("archiver", "i1", now.minus(Duration.ofMinutes(5))));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            assertThat(hub.catalogCaughtUp()).isTrue();
            assertThat(hub.apps()).extracting(AppView::name).containsExactly("archiver", "scorer");
            AppView scorer = hub.app("scorer").orElseThrow();
            assertThat(scorer.latest().instance()).isEqualTo("new");
            assertThat(scorer.latest().outputs()).extracting(o -> o.topic()).containsExactly("b", "c");
            assertThat(scorer.latest().owner()).isEqualTo("team-scorer");
            assertThat(scorer.instances()).extracting(i -> i.announcement().instance()).containsExactly("new", "old");
            assertThat(scorer.instances()).extracting(AppView.Instance::live).containsExactly(true, false);
            assertThat(scorer.instances().get(0).status()).hasValueSatisfying(
                    s -> assertThat(s.status().state()).isEqualTo(AppStatus.State.RUNNING));
            AppView archiver = hub.app("archiver").orElseThrow();
            assertThat(archiver.instances()).singleElement().satisfies(i -> assertThat(i.live()).isFalse()); // stale report
            assertThat(hub.app("nobody")).isEmpty();
        }
    }

    @Test
    void an_app_whose_output_is_ferry_rows_is_a_materialization_with_its_target_rows_lag_and_store_outage() {
        String prefix = KAFKA.uniqueTopic("mat");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        Instant now = Instant.now();
        AppAnnouncement base = Records.announcement("signups-db", "i1", List.of("signups"), List.of(), now, false);
        AppAnnouncement signups = new AppAnnouncement(base.version(), base.app(), base.description(), base.owner(),
                base.appVersion(), base.instance(), base.host(), base.pid(), base.inputs(), base.inputFormat(),
                List.of(new AppAnnouncement.Output("postgres.signups", MaterializationView.ROW_FORMAT, "json-schema",
                        "{\"type\":\"object\"}")), "exactly-once", "materialize", "", "", base.startedAt(),
                base.announcedAt(), false);
        AppAnnouncement.Output row = signups.outputs().get(0);
        AppAnnouncement second = new AppAnnouncement(base.version(), base.app(), base.description(), base.owner(),
                base.appVersion(), "i2", base.host(), base.pid(), base.inputs(), base.inputFormat(), List.of(row),
                "exactly-once", "materialize", "", "", base.startedAt(), base.announcedAt(), false);
        AppStatus.StoreUnavailable away = new AppStatus.StoreUnavailable(now.minusSeconds(8), Duration.ofSeconds(8),
                "could not write 20 row(s): Connection refused");
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), signups);
            records.announce(settings.announceTopic(), second);
            records.report(settings.statusTopic(), new StatusReport(StatusReport.VERSION, "signups-db", "i1", "host-1",
                    42, now, Duration.ofSeconds(10), false, new AppStatus("signups-db", AppStatus.State.RUNNING, 1, 1,
                    120, 120, 0, Optional.empty(), AppStatus.Health.OK, "", 7, Optional.empty(), Optional.of(away))));
            records.report(settings.statusTopic(), new StatusReport(StatusReport.VERSION, "signups-db", "i2", "host-1",
                    43, now, Duration.ofSeconds(10), false, new AppStatus("signups-db", AppStatus.State.RUNNING, 1, 1,
                    80, 80, 0, Optional.empty(), AppStatus.Health.OK, "", 3, Optional.empty())));
            records.announce(settings.announceTopic(), Records.announcement("scorer", "i1", List.of("a"), List.of("b"),
                    now, false));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("signups-db").map(a -> a.instances().size() == 2
                    && a.instances().stream().allMatch(i -> i.status().isPresent())).orElse(false));
            MaterializationView m = hub.app("signups-db").orElseThrow().materialization().orElseThrow();
            assertThat(m.targetType()).isEqualTo("postgres");
            assertThat(m.destination()).isEqualTo("signups");
            assertThat(m.rowsWritten()).isEqualTo(200);
            assertThat(m.lag()).isEqualTo(10);
            assertThat(m.storeUnavailable()).hasValue(away.describe());
            assertThat(hub.app("scorer").orElseThrow().materialization()).as("an app writing topics is none").isEmpty();
        }
    }

    @Test
    void the_catalog_follows_new_announcements_and_forgets_tombstoned_instances() {
        String prefix = KAFKA.uniqueTopic("follow");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings); Records records = new Records(KAFKA.bootstrapServers())) {
            assertThat(hub.apps()).isEmpty();
            records.announce(settings.announceTopic(), Records.announcement("late", "i1", List.of("x"), List.of(),
                    Instant.now(), false));
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("late").isPresent());
            assertThat(hub.app("late").orElseThrow().instances()).singleElement().satisfies(i -> assertThat(i.live()).isTrue());
            records.send(settings.announceTopic(), 0, null, "late/i1", null, java.util.Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("late").isEmpty());
        }
    }

    @Test
    void a_hub_starts_before_any_app_made_the_catalog_topics_and_finds_them_later() {
        String prefix = KAFKA.uniqueTopic("before");
        HubSettings settings = HubSettings.of(KAFKA.client().profile())
                .withIntervals(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300))
                .withTopics(prefix + ".status", prefix + ".apps"); // neither exists yet
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings); Records records = new Records(KAFKA.bootstrapServers())) {
            assertThat(hub.apps()).isEmpty();
            assertThat(hub.catalogCaughtUp()).isTrue();
            KAFKA.createTopic(settings.announceTopic(), 1);
            records.announce(settings.announceTopic(), Records.announcement("first", "i1", List.of("x"), List.of(),
                    Instant.now(), false));
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("first").isPresent());
        }
    }

    @Test
    void records_that_are_not_announcements_are_skipped() {
        String prefix = KAFKA.uniqueTopic("junk");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.send(settings.announceTopic(), 0, null, "x/y", "not json".getBytes(), java.util.Map.of());
            records.announce(settings.announceTopic(), Records.announcement("ok", "i1", List.of(), List.of(),
                    Instant.now(), false));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            assertThat(hub.apps()).extracting(AppView::name).containsExactly("ok");
        }
    }

    @Test
    void an_announced_app_gets_the_alert_rules_ferry_runbook_writes_under_the_hubs_profile() {
        String prefix = KAFKA.uniqueTopic("alerts");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        PlatformProfile hubProfile = KAFKA.client().profile().toBuilder().set("alerts.lag-seconds", "42")
                .set("alerts.runbook-url", "https://runbooks.example/{app}").build();
        AppAnnouncement scorer = Records.announcement("scorer", "i1", List.of("a"), List.of("b"), Instant.now(), false);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), scorer);
        }
        try (KafkaHubData hub = KafkaHubData.start(KAFKA.bootstrapServers(), hubProfile, settings)) {
            AppAlerts alerts = hub.app("scorer").orElseThrow().alerts().orElseThrow();

            RunbookTexts expected = AnnouncedApp.render(scorer, hubProfile, RunbookWriter.RUNBOOK);
            assertThat(alerts.rules()).isEqualTo(expected.rules()).contains("> 42", "owner: team-scorer",
                    "runbook_url: https://runbooks.example/scorer");
            assertThat(alerts.prometheusRule()).isEqualTo(expected.prometheusRule());
            assertThat(alerts.runbook()).isEqualTo(expected.runbook()).startsWith("# Runbook: scorer\n\ndoes scorer\n");
            assertThat(hub.app("scorer").orElseThrow().alerts().orElseThrow()).isSameAs(alerts); // made once
        }
    }

    @Test
    void an_app_whose_announcement_has_no_input_is_listed_without_alert_rules() {
        String prefix = KAFKA.uniqueTopic("noinput");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), Records.announcement("odd", "i1", List.of(), List.of("b"),
                    Instant.now(), false));
            records.announce(settings.announceTopic(), Records.announcement("fine", "i1", List.of("a"), List.of(),
                    Instant.now(), false));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            assertThat(hub.apps()).extracting(AppView::name).containsExactly("fine", "odd");
            assertThat(hub.app("odd").orElseThrow().alerts()).isEmpty();
            assertThat(hub.app("odd").orElseThrow().latest().outputs()).extracting(o -> o.topic()).containsExactly("b");
            assertThat(hub.app("fine").orElseThrow().alerts()).hasValueSatisfying(a -> assertThat(a.rules())
                    .contains("alert: FerryAppHalted"));
        }
    }

    @Test
    void a_new_announcement_of_an_app_gets_new_alert_rules() {
        String prefix = KAFKA.uniqueTopic("reannounce");
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        Instant now = Instant.now();
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings); Records records = new Records(KAFKA.bootstrapServers())) {
            records.announce(settings.announceTopic(), Records.announcement("mover", "i1", List.of("a"), List.of(),
                    now.minusSeconds(10), false));
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("mover").isPresent());
            assertThat(hub.app("mover").orElseThrow().alerts().orElseThrow().rules()).contains("stopped at an event of a ");
            records.announce(settings.announceTopic(), Records.announcement("mover", "i2", List.of("a2"), List.of(),
                    now, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.app("mover").orElseThrow().alerts().orElseThrow()
                    .rules().contains("stopped at an event of a2 "));
        }
    }
}
