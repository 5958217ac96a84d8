package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code ferry apps} shows a materialization: its target and rows instead of a topic. */
class AppsTableTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void a_materialization_shows_its_target_rows_lag_and_store_outage_in_the_list_and_the_detail() {
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, "signups-db", "materializes signups", "team",
                "", "i1", "host-1", 1, List.of("signups"), "json", List.of(new AppAnnouncement.Output(
                "duckdb.signups", "ferry-row", "json-schema", "{}")), "exactly-once", "materialize", "", "", AT, AT,
                false);
        StatusReport r = new StatusReport(StatusReport.VERSION, "signups-db", "i1", "host-1", 1, AT,
                Duration.ofSeconds(10), false, new AppStatus("signups-db", AppStatus.State.RUNNING, 1, 1, 40, 40, 0,
                Optional.empty(), AppStatus.Health.OK, "", 5, Optional.empty(), Optional.of(
                new AppStatus.StoreUnavailable(AT.minusSeconds(4), Duration.ofSeconds(4), "database is locked"))));
        AppView app = new AppView("signups-db", a, List.of(new AppView.Instance(a, Optional.of(r), true)),
                Optional.empty());
        StringWriter list = new StringWriter();
        StringWriter detail = new StringWriter();

        AppsCommand.table(List.of(app), new PrintWriter(list, true));
        AppsCommand.detail(app, new PrintWriter(detail, true), AT);

        assertThat(list.toString()).contains("into duckdb signups, 40 row(s), STORE AWAY: database is locked (since "
                + AT.minusSeconds(4) + ", 4s)");
        assertThat(detail.toString()).contains("  materializes into duckdb signups, 40 row(s), STORE AWAY: database is "
                + "locked (since " + AT.minusSeconds(4) + ", 4s), lag 5");
    }
}
