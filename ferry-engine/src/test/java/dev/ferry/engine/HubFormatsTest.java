package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app announcement and the lineage headers: the two formats the hub reads. */
class HubFormatsTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void an_announcement_reads_back_as_written_and_a_stop_keeps_all_but_the_flag_and_time() {
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, "predict", "Predicts churn", "ds-team",
                "1.4.0", "pod-0", "node-a", 42, List.of("clicks"), "json",
                List.of(new AppAnnouncement.Output("predictions", "json", "json-schema", "{\"type\":\"object\"}")),
                "exactly-once", "direct", "https://runbooks.example/predict", "http://node-a:8080", AT, AT, false);

        assertThat(AppAnnouncement.parse(a.toJson())).isEqualTo(a);
        AppAnnouncement stopped = AppAnnouncement.parse(a.stoppedAt(AT.plusSeconds(5)).toJson());
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.announcedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(stopped.outputs()).isEqualTo(a.outputs());
        assertThat(AppAnnouncement.key("predict", "pod-0")).isEqualTo(StatusReport.key("predict", "pod-0"));
    }

    @Test
    void a_record_that_is_not_an_announcement_is_refused_naming_what_is_missing() {
        assertThatThrownBy(() -> AppAnnouncement.parse("{\"app\":\"predict\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Ferry app announcement: 'inputs' is missing");
        assertThatThrownBy(() -> AppAnnouncement.parse("[1]"))
                .hasMessage("not a Ferry app announcement: not a JSON object");
    }

    @Test
    void lineage_reads_from_its_three_headers_and_writes_a_w3c_traceparent() {
        Lineage l = Lineage.read(bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                bytes(String.valueOf(AT.toEpochMilli())), bytes("2")).orElseThrow();

        assertThat(l).isEqualTo(new Lineage("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true, AT, 2));
        assertThat(l.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(l.latencyAt(AT.plusMillis(250)).toMillis()).isEqualTo(250);
    }

    @Test
    void an_event_with_missing_or_foreign_lineage_has_none_rather_than_failing() {
        byte[] origin = bytes("1764669600000");
        assertThat(Lineage.read(null, origin, bytes("1"))).isEmpty();
        assertThat(Lineage.read(bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), origin, null)).isEmpty();
        assertThat(Lineage.read(bytes("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), origin, bytes("1")))
                .as("an unknown traceparent version").isEmpty();
        assertThat(Lineage.read(bytes("00-00000000000000000000000000000000-00f067aa0ba902b7-01"), origin, bytes("1")))
                .as("an all-zero trace id").isEmpty();
        assertThat(Lineage.read(bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), origin, bytes("0")))
                .as("no hop").isEmpty();
        assertThat(Lineage.read(bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), bytes("soon"),
                bytes("1"))).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
