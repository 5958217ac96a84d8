package dev.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RunbookWriter} writes for an app: three files, specific to the app and its profile. */
class RunbookWriterTest {

    private static final AppDescriptor APP = AppDescriptor.of(SignupScorer.class);

    @TempDir
    Path dir;

    private static RunbookFiles write(PlatformProfile profile, Path dir) {
        return RunbookWriter.write(APP, FerryEngine.outputSchemas(APP, profile), profile, dir);
    }

    private static PlatformProfile published() {
        return PlatformProfile.builder().set("alerts.runbook-url", "https://runbooks.example/{app}").build();
    }

    @Test
    void writes_the_rules_the_prometheus_rule_and_the_runbook_named_after_the_app() {
        Path out = dir.resolve("ops");

        RunbookFiles files = write(published(), out);

        assertThat(files.all()).containsExactly(out.resolve("signup-scorer.rules.yaml"),
                out.resolve("signup-scorer.prometheusrule.yaml"), out.resolve("RUNBOOK.md"));
        assertThat(files.all()).allSatisfy(f -> assertThat(f).isRegularFile());
    }

    @Test
    void the_runbook_is_the_reviewed_golden_file() throws IOException {
        RunbookFiles files = write(published(), dir);

        String golden = new String(getClass().getResourceAsStream("/golden/signup-scorer/RUNBOOK.md").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Files.readString(files.runbook())).isEqualTo(golden);
    }

    @Test
    void the_rules_file_is_the_reviewed_golden_file() throws IOException {
        RunbookFiles files = write(published(), dir);

        String golden = new String(getClass().getResourceAsStream("/golden/signup-scorer/signup-scorer.rules.yaml")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Files.readString(files.rules())).isEqualTo(golden);
    }

    @Test
    void the_runbook_names_the_apps_owner_topics_schema_and_its_own_commands() throws IOException {
        String runbook = Files.readString(write(published(), dir).runbook());

        assertThat(runbook).startsWith("# Runbook: signup-scorer\n\nScores every client who signs up.\n")
                .contains("| owner (on call) | ds-growth@example.com |")
                .contains("| consumer group | `signup-scorer` |")
                .contains("input `client.signed_up`, format `json`")
                .contains("### Output `client.scored`", "\"payload\" : {", "\"score\" : {", "logic version `gbm-7`")
                .contains("ferry show-failure signup-scorer\n")
                .contains("ferry skip signup-scorer --topic client.signed_up --partition P --offset O --reason \"...\"")
                .contains("ferry tail signup-scorer.dead-letter --headers --from-offset O --partition P")
                .contains("kubectl logs -l app.kubernetes.io/name=signup-scorer --tail=200")
                .contains("**at-least-once**", "**halt**")
                .contains("### FerryAppHalted (critical)", "### FerryAppLagging (warning)", "### FerryAppStalled "
                        + "(critical)", "### FerryAppNotReady (warning)", "### FerryAppDeadLettered (warning)");
    }

    @Test
    void follows_the_profile_guarantee_poison_policy_and_dead_letter_topic() throws IOException {
        PlatformProfile profile = PlatformProfile.builder().set("guarantee", "exactly-once")
                .set("poison-policy", "dead-letter").set("dead-letter-topic", "dlq.{app}").build();

        RunbookFiles files = write(profile, dir);

        assertThat(Files.readString(files.runbook())).contains("**exactly-once**", "**dead-letter**",
                        "| poison policy | `dead-letter`, to `dlq.signup-scorer` |",
                        "ferry tail dlq.signup-scorer --headers --from-offset O --partition P")
                .doesNotContain("signup-scorer.dead-letter", "**halt**");
        assertThat(Files.readString(files.rules())).contains("sent events to its dead-letter topic dlq.signup-scorer");
    }

    @Test
    void links_the_alerts_to_the_runbook_file_when_the_platform_publishes_no_runbooks() throws IOException {
        RunbookFiles files = write(PlatformProfile.builder().build(), dir);

        JsonNode rules = PrometheusRules.YAML.readTree(files.rules().toFile()).at("/groups/0/rules");
        assertThat(rules).hasSize(5).allSatisfy(r -> assertThat(r.at("/annotations/runbook_url").asText())
                .isEqualTo(dir.resolve("RUNBOOK.md").toAbsolutePath().normalize().toString()));
    }

    @Test
    void takes_the_thresholds_and_durations_from_the_profile() throws IOException {
        PlatformProfile profile = PlatformProfile.builder().set("alerts.lag-seconds", "90").set("alerts.lag-for", "2m")
                .set("alerts.halted-for", "30s").set("alerts.stalled-window", "10m").set("alerts.stalled-for", "3m")
                .set("alerts.not-ready-for", "1h").set("alerts.dead-lettered-window", "1h").build();

        JsonNode rules = PrometheusRules.YAML.readTree(write(profile, dir).rules().toFile()).at("/groups/0/rules");

        assertThat(rules.get(0).get("for").asText()).isEqualTo("30s");
        assertThat(rules.get(1).get("expr").asText()).endsWith(" > 90");
        assertThat(rules.get(1).get("for").asText()).isEqualTo("2m");
        assertThat(rules.get(2).get("expr").asText()).contains("[10m]");
        assertThat(rules.get(2).get("for").asText()).isEqualTo("3m");
        assertThat(rules.get(3).get("for").asText()).isEqualTo("1h");
        assertThat(rules.get(4).get("expr").asText()).contains("[1h]");
        assertThat(rules.get(4).get("for").asText()).isEqualTo("0s");
    }

    @Test
    void an_app_without_an_owner_gets_no_owner_label_and_a_runbook_that_says_so() throws IOException {
        AppDescriptor anonymous = APP.toBuilder().owner("").build();
        PlatformProfile profile = published();

        RunbookFiles files = RunbookWriter.write(anonymous, FerryEngine.outputSchemas(anonymous, profile), profile, dir);

        JsonNode rules = PrometheusRules.YAML.readTree(files.rules().toFile()).at("/groups/0/rules");
        assertThat(rules).allSatisfy(r -> assertThat(r.at("/labels").has("owner")).isFalse());
        assertThat(Files.readString(files.runbook())).contains("| owner (on call) | _none named: add `owner` to the app_ |");
    }

    @Test
    void a_directory_that_cannot_be_made_is_an_error_naming_it() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "not a directory");

        Throwable thrown = catchThrowable(() -> write(published(), file.resolve("ops")));

        assertThat(thrown).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot create the directory " + file.resolve("ops"));
    }
}
