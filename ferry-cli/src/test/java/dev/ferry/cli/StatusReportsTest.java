package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The line {@code ferry status} prints per instance, from its status report. */
class StatusReportsTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    private static StatusReport report(Optional<AppStatus.StoreUnavailable> store) {
        return new StatusReport(StatusReport.VERSION, "signups", "pod-0", "node-a", 1, AT, Duration.ofSeconds(10),
                false, new AppStatus("signups", AppStatus.State.RUNNING, 1, 1, 5, 5, 0, Optional.empty(),
                AppStatus.Health.OK, "", 3, Optional.empty(), store));
    }

    @Test
    void an_instance_whose_store_is_away_says_why_and_since_when() {
        assertThat(StatusReports.line(report(Optional.of(new AppStatus.StoreUnavailable(AT.minusSeconds(30),
                Duration.ofSeconds(30), "connection refused"))), AT.plusSeconds(2)))
                .isEqualTo("instance 'pod-0' RUNNING, health OK, lag 3, cannot write to its store: connection refused "
                        + "(since 2026-12-02T09:59:30Z, 30s) (reported 2.0s ago)");
        assertThat(StatusReports.line(report(Optional.empty()), AT.plusSeconds(2)))
                .isEqualTo("instance 'pod-0' RUNNING, health OK, lag 3 (reported 2.0s ago)");
    }
}
