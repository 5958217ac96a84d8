package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry runbook}: the app's alert rules and runbook, written without a cluster. */
class RunbookCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Cli cli(Map<String, String> env) {
        return Cli.in(dir, env);
    }

    @Test
    void writes_the_three_files_into_the_out_directory_and_prints_their_paths() throws IOException {
        Cli.Result r = cli(Map.of()).run("runbook", RunbookApp.class.getName(), "--out", "ops");

        Path ops = dir.resolve("ops");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(ops.resolve("cli-scorer.rules.yaml") + NL + ops.resolve("cli-scorer.prometheusrule.yaml")
                + NL + ops.resolve("RUNBOOK.md") + NL);
        assertThat(Files.readString(ops.resolve("cli-scorer.rules.yaml"))).contains("alert: FerryAppHalted",
                "ferry_halted{app=\\\"cli-scorer\\\"}", "owner: ds-cli@example.com");
        assertThat(Files.readString(ops.resolve("cli-scorer.prometheusrule.yaml"))).contains("kind: PrometheusRule");
        assertThat(Files.readString(ops.resolve("RUNBOOK.md"))).startsWith("# Runbook: cli-scorer" + "\n")
                .contains("Scores sign-ups for the CLI's tests.", "ferry show-failure cli-scorer", "### Output `cli.scored`");
    }

    @Test
    void writes_into_runbook_slash_the_app_by_default() {
        Cli.Result r = cli(Map.of()).run("runbook", RunbookApp.class.getName());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith(dir.resolve("runbook/cli-scorer/cli-scorer.rules.yaml") + NL);
        assertThat(dir.resolve("runbook/cli-scorer/RUNBOOK.md")).isRegularFile();
    }

    @Test
    void takes_thresholds_and_the_runbook_link_from_the_profile() throws IOException {
        Files.writeString(dir.resolve("ferry.yaml"), """
                alerts:
                  runbook-url: https://runbooks.example/{app}
                """);

        Cli.Result r = cli(Map.of("FERRY_ALERTS_LAG_SECONDS", "60")).run("runbook", RunbookApp.class.getName(),
                "--out", "ops");

        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("ops/cli-scorer.rules.yaml")))
                .contains("ferry_consumer_lag_seconds{app=\\\"cli-scorer\\\"}) > 60\"")
                .contains("runbook_url: https://runbooks.example/cli-scorer");
    }

    @Test
    void a_bad_alert_setting_is_one_line_naming_the_variable_and_exit_code_1() {
        Cli.Result r = cli(Map.of("FERRY_ALERTS_LAG_SECONDS", "soon")).run("runbook", RunbookApp.class.getName());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: environment variable FERRY_ALERTS_LAG_SECONDS: alerts.lag-seconds: "
                + "expected a whole number of at least 1, got 'soon'" + NL);
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("runbook")).doesNotExist();
    }

    @Test
    void without_a_target_it_takes_the_projects_target_classes() throws IOException {
        Path classes = dir.resolve("target/classes/dev/ferry/cli");
        Files.createDirectories(classes);
        for (String name : new String[] {"RunbookApp.class", "RunbookApp$Score.class"}) {
            try (var in = RunbookApp.class.getResourceAsStream(name)) {
                Files.copy(in, classes.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        Cli.Result r = cli(Map.of()).run("runbook", "--out", "ops");

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(dir.resolve("ops/cli-scorer.rules.yaml")).isRegularFile();
    }

    @Test
    void without_a_target_outside_a_built_project_is_a_usage_error() {
        Cli.Result r = cli(Map.of()).run("runbook");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing TARGET: there is no target/classes in " + dir + " (build the project "
                + "with mvn package, or name a .java file, .jar, class or descriptor .yaml)" + NL
                + "Usage: ferry runbook ");
    }

    @Test
    void a_class_with_no_ferry_method_is_the_same_one_line_error_as_run() {
        Cli.Result r = cli(Map.of()).run("runbook", NotAnApp.class.getName());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: dev.ferry.cli.NotAnApp has no method annotated with @Ferry: annotate "
                + "the function to run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")" + NL);
    }

    @Test
    void an_out_directory_that_cannot_be_made_is_one_line_naming_it() throws IOException {
        Files.writeString(dir.resolve("taken"), "a file");

        Cli.Result r = cli(Map.of()).run("runbook", RunbookApp.class.getName(), "--out", "taken/ops");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("ferry: cannot create the directory " + dir.resolve("taken/ops") + ": ")
                .doesNotContain("\tat ").endsWith(NL);
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void help_describes_the_files_and_options() {
        Cli.Result r = cli(Map.of()).run("runbook", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: ferry runbook [-hV] [--app=NAME] [--out=DIR] [--profile=FILE]")
                .contains("<app>.rules.yaml", "<app>.prometheusrule.yaml", "RUNBOOK.md", "--classpath", "alerts.*");
    }

    @Test
    void the_ferry_command_lists_runbook() {
        Cli.Result r = cli(Map.of()).run("--help");

        assertThat(r.out()).contains("  runbook ");
    }
}
