package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status report, skip record and replay record formats, and the profile keys that name their topics. */
class OnCallFormatsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void a_halted_status_report_reads_back_as_written() {
        AppStatus halted = new AppStatus("meters", AppStatus.State.HALTED, 2, 3, 40, 38, 1,
                Optional.of(new AppStatus.Failure(new EventPosition("meters.in", 1, 13), 3, "reading 13 is out of range")));
        StatusReport report = new StatusReport(StatusReport.VERSION, "meters", "pod-0", "node-a", 42, AT,
                Duration.ofSeconds(10), false, halted);

        StatusReport back = StatusReport.parse(report.toJson());

        assertThat(back).isEqualTo(report);
        assertThat(StatusReport.key("meters", "pod-0")).isEqualTo("meters/pod-0");
        assertThat(back.staleAt(AT.plusSeconds(20))).isFalse();
        assertThat(back.staleAt(AT.plusSeconds(21))).isTrue();
    }

    @Test
    void a_status_report_of_an_app_whose_store_is_away_reads_back_with_the_outage_and_says_it_is_not_ready() {
        AppStatus away = new AppStatus("signups", AppStatus.State.RUNNING, 1, 2, 10, 10, 0, Optional.empty(),
                AppStatus.Health.OK, "", 0, Optional.empty(), Optional.of(new AppStatus.StoreUnavailable(
                AT.minusSeconds(12), Duration.ofSeconds(12), "could not write 20 row(s): Connection refused")));
        StatusReport report = new StatusReport(StatusReport.VERSION, "signups", "pod-0", "node-a", 42, AT,
                Duration.ofSeconds(10), false, away);

        StatusReport back = StatusReport.parse(report.toJson());

        assertThat(back).isEqualTo(report);
        assertThat(back.status().ready()).isFalse();
        assertThat(back.status().notReadyReason()).isEqualTo("app 'signups' cannot write to its store: could not "
                + "write 20 row(s): Connection refused (since " + AT.minusSeconds(12) + ", 12s)");
        assertThat(StatusReport.parse(report.toJson().replace(",\"storeUnavailable\":", ",\"old\":")).status().store())
                .as("a report from before the field: the store is available").isEmpty();
    }

    @Test
    void a_skip_record_reads_back_as_written_and_other_records_are_refused() {
        SkipRecord skip = new SkipRecord("meters", new EventPosition("meters.in", 1, 13), "alice", AT, "bad meter",
                "meter-13", "ab".repeat(32));

        assertThat(SkipRecord.parse(skip.toJson())).isEqualTo(skip);
        assertThatThrownBy(() -> SkipRecord.parse("{\"action\":\"replay\",\"app\":\"meters\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Ferry skip record: its action is not 'skip'");
    }

    @Test
    void a_replay_record_reads_back_as_written_with_or_without_an_end_and_other_records_are_refused() {
        ReplayRecord bounded = new ReplayRecord("5f0c", "meters", "meters.in", 1, 2, 4L, 10, "alice", AT, "re-check");
        ReplayRecord toTheEnd = new ReplayRecord("5f0c", "meters", "meters.in", 2, 3, null, 9, "alice", AT, "re-check");

        assertThat(ReplayRecord.parse(bounded.toJson())).isEqualTo(bounded);
        assertThat(ReplayRecord.parse(toTheEnd.toJson())).isEqualTo(toTheEnd);
        assertThat(bounded.toJson()).isEqualTo("{\"action\":\"replay\",\"id\":\"5f0c\",\"app\":\"meters\","
                + "\"topic\":\"meters.in\",\"partition\":1,\"from\":2,\"to\":4,\"resumeAt\":10,\"by\":\"alice\","
                + "\"at\":\"2026-12-01T10:00:00Z\",\"reason\":\"re-check\"}");
        assertThat(bounded.jumps()).isTrue();
        assertThat(toTheEnd.jumps()).isFalse();
        assertThat(new ReplayRecord("5f0c", "meters", "meters.in", 1, 2, 9L, 10, "alice", AT, "r").jumps())
                .as("an end at the last event processed leaves nothing out").isFalse();
        assertThatThrownBy(() -> ReplayRecord.parse(new SkipRecord("meters", new EventPosition("meters.in", 1, 13),
                "alice", AT, "bad meter", null, null).toJson()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Ferry replay record: its action is not 'replay'");
        assertThatThrownBy(() -> ReplayRecord.parse("{\"action\":\"replay\",\"app\":\"meters\",\"by\":\"a\","
                + "\"partitions\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Ferry replay record: 'id' is missing");
        assertThatThrownBy(() -> new ReplayRecord("5f0c", "meters", "meters.in", 1, 5, 4L, 10, "alice", AT, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'to' 4 is before 'from' 5");
    }

    @Test
    void the_status_and_audit_topics_have_defaults_and_the_heartbeat_is_checked() {
        PlatformProfile defaults = PlatformProfile.builder().build();
        PlatformProfile off = PlatformProfile.builder().set("status.topic", "").build();

        assertThat(defaults.statusTopic()).contains("ferry.status");
        assertThat(defaults.statusHeartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.auditTopic()).isEqualTo("ferry.audit");
        assertThat(off.statusTopic()).isEmpty();
        assertThatThrownBy(() -> PlatformProfile.builder().set("status.heartbeat", "500ms").build())
                .isInstanceOf(ProfileException.class)
                .hasMessage("code: status.heartbeat: expected from 1s to 1h, got '500ms'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("audit.topic", " ").build())
                .isInstanceOf(ProfileException.class)
                .hasMessage("code: audit.topic: must name a topic, e.g. ferry.audit");
    }
}
