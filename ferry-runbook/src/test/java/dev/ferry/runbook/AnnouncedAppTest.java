package dev.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.OutputSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and runbook rendered from an app's announcement (what the hub shows) against what
 * {@code ferry runbook} writes from the app's descriptor under the same profile.
 */
class AnnouncedAppTest {

    private static final AppDescriptor APP = AppDescriptor.of(SignupScorer.class);
    private static final Instant AT = Instant.parse("2026-12-02T06:00:00Z");

    @TempDir
    Path dir;

    /** The profile of a platform that publishes runbooks and has its own lag threshold. */
    private static PlatformProfile platform() {
        return PlatformProfile.builder().set("alerts.runbook-url", "https://runbooks.example/{app}")
                .set("alerts.lag-seconds", "42").set("alerts.stalled-window", "10m").build();
    }

    /** The announcement the app writes at start under {@code profile}, as the engine makes it. */
    private static AppAnnouncement announcement(AppDescriptor app, PlatformProfile profile) {
        Map<String, OutputSchema> schemas = FerryEngine.outputSchemas(app, profile);
        List<AppAnnouncement.Output> outputs = new ArrayList<>();
        schemas.forEach((t, s) -> outputs.add(new AppAnnouncement.Output(t, s.format(), s.language(), s.document())));
        PlatformProfile resolved = profile.forApp(app);
        return new AppAnnouncement(AppAnnouncement.VERSION, app.name(), app.description(), app.owner(), "1.0",
                "host-1-42", "host-1", 42, app.topics(), app.inputFormat().orElse(resolved.format()), outputs,
                resolved.guarantee().key(), resolved.writeBack(), resolved.alertRunbookUrl(app.name()).orElse(""), "",
                AT, AT, false);
    }

    private static String from(String text, String heading) {
        return text.substring(text.indexOf(heading));
    }

    @Test
    void render_is_what_write_writes() throws IOException {
        PlatformProfile profile = PlatformProfile.builder().build();
        RunbookFiles files = RunbookWriter.write(APP, FerryEngine.outputSchemas(APP, profile), profile, dir);

        RunbookTexts texts = RunbookWriter.render(APP, FerryEngine.outputSchemas(APP, profile), profile,
                files.runbook().toAbsolutePath().normalize().toString());

        assertThat(texts.rules()).isEqualTo(Files.readString(files.rules()));
        assertThat(texts.prometheusRule()).isEqualTo(Files.readString(files.prometheusRule()));
        assertThat(texts.runbook()).isEqualTo(Files.readString(files.runbook()));
    }

    @Test
    void the_rules_from_an_announcement_are_exactly_those_ferry_runbook_writes_for_the_app() throws IOException {
        PlatformProfile profile = platform();
        RunbookFiles files = RunbookWriter.write(APP, FerryEngine.outputSchemas(APP, profile), profile, dir);

        RunbookTexts announced = AnnouncedApp.render(announcement(APP, profile), profile, "unused");

        assertThat(announced.rules()).isEqualTo(Files.readString(files.rules())).contains(" > 42", "[10m]",
                "runbook_url: https://runbooks.example/signup-scorer");
        assertThat(announced.prometheusRule()).isEqualTo(Files.readString(files.prometheusRule()));
        String written = Files.readString(files.runbook());
        assertThat(from(announced.runbook(), "## Alerts")).isEqualTo(from(written, "## Alerts"));
        assertThat(from(announced.runbook(), "| owner (on call)").substring(0, 200))
                .isEqualTo(from(written, "| owner (on call)").substring(0, 200));
    }

    @Test
    void the_runbook_from_an_announcement_says_so_and_leaves_out_what_was_not_announced() {
        String runbook = AnnouncedApp.render(announcement(APP, platform()), platform(), "unused").runbook();

        assertThat(runbook).startsWith("# Runbook: signup-scorer\n\nScores every client who signs up.\n\n"
                        + "_Generated from the app's announcement and this platform profile, not read from the app")
                .contains("| owner (on call) | ds-growth@example.com |", "input `client.signed_up`, format `json`",
                        "### Output `client.scored`", "\"score\" : {")
                .doesNotContain("| batch size, consumers", "(a new group starts", "logic version `");
    }

    @Test
    void links_the_alerts_to_the_announced_runbook_else_the_profiles_else_the_given_link() {
        AppAnnouncement unpublished = announcement(APP, PlatformProfile.builder().build());

        assertThat(AnnouncedApp.render(unpublished, PlatformProfile.builder().build(), "RUNBOOK.md").rules())
                .contains("runbook_url: RUNBOOK.md").doesNotContain("runbooks.example");
        assertThat(AnnouncedApp.render(unpublished, platform(), "RUNBOOK.md").rules())
                .contains("runbook_url: https://runbooks.example/signup-scorer");
        AppAnnouncement elsewhere = announcement(APP, PlatformProfile.builder()
                .set("alerts.runbook-url", "https://wiki.example/{app}").build());
        assertThat(AnnouncedApp.render(elsewhere, platform(), "RUNBOOK.md").rules())
                .contains("runbook_url: https://wiki.example/signup-scorer").doesNotContain("runbooks.example");
    }

    @Test
    void the_runbook_states_the_guarantee_the_app_announced() {
        AppAnnouncement a = announcement(APP, PlatformProfile.builder().set("guarantee", "exactly-once").build());

        assertThat(AnnouncedApp.render(a, platform(), "RUNBOOK.md").runbook()).contains("| guarantee | `exactly-once` |",
                "**exactly-once**");
    }

    @Test
    void an_announcement_without_an_input_is_an_error_naming_the_app_and_its_instance() {
        AppAnnouncement a = announcement(APP, platform());
        AppAnnouncement noInput = new AppAnnouncement(a.version(), a.app(), a.description(), a.owner(), a.appVersion(),
                a.instance(), a.host(), a.pid(), List.of(), a.inputFormat(), a.outputs(), a.guarantee(), a.writeBack(),
                a.runbook(), a.monitoring(), a.startedAt(), a.announcedAt(), a.stopped());

        Throwable thrown = catchThrowable(() -> AnnouncedApp.render(noInput, platform(), "RUNBOOK.md"));

        assertThat(thrown).isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith("the announcement of app 'signup-scorer' (instance host-1-42): topics is required");
    }
}
