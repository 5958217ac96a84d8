package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry new}: the files it makes and the names it refuses. That the project builds is StartProjectTest's. */
class NewCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Cli cli() {
        return Cli.in(dir, Map.of());
    }

    @Test
    void makes_a_project_named_after_the_app_and_lists_its_files() throws IOException {
        Cli.Result r = cli().run("new", "my-prediction");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("made the project of app 'my-prediction' in my-prediction "
                + "(com.example.myprediction.MyPrediction, Ferry 0.1.0-SNAPSHOT):" + NL
                + "  pom.xml" + NL
                + "  README.md" + NL
                + "  .gitignore" + NL
                + "  src/main/java/com/example/myprediction/MyPrediction.java" + NL
                + "  src/test/java/com/example/myprediction/MyPredictionTest.java" + NL
                + "  src/test/java/com/example/myprediction/MyPredictionIT.java" + NL
                + "  src/test/resources/logback-test.xml" + NL
                + "next: cd my-prediction && mvn test" + NL);
        Path project = dir.resolve("my-prediction");
        assertThat(filesUnder(project)).containsExactlyInAnyOrder(".gitignore", "README.md", "pom.xml",
                "src/main/java/com/example/myprediction/MyPrediction.java",
                "src/test/java/com/example/myprediction/MyPredictionTest.java",
                "src/test/java/com/example/myprediction/MyPredictionIT.java",
                "src/test/resources/logback-test.xml");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>com.example</groupId>", "<artifactId>my-prediction</artifactId>",
                "<ferry.version>0.1.0-SNAPSHOT</ferry.version>", "<artifactId>ferry-bom</artifactId>",
                "<scope>import</scope>", "<include>**/*IT.java</include>")
                .doesNotContain("<parent>");
        assertThat(Files.readString(project.resolve("src/main/java/com/example/myprediction/MyPrediction.java")))
                .startsWith("package com.example.myprediction;" + "\n")
                .contains("public class MyPrediction {", "@Ferry(app = \"my-prediction\", topics = \"client.signed_up\"",
                        "@Output(topic = \"my-prediction.predictions\", payload = Prediction.class)");
    }

    @Test
    void fills_in_every_template_variable() throws IOException {
        cli().run("new", "fraud.score_v2", "--group-id", "com.acme-ds", "--owner", "ds@acme.com");

        Path project = dir.resolve("fraud.score_v2");
        for (String file : filesUnder(project)) {
            assertThat(Files.readString(project.resolve(file))).as(file).doesNotContain("{{");
        }
        assertThat(Files.readString(project.resolve("src/main/java/com/acme_ds/fraudscorev2/FraudScoreV2.java")))
                .contains("owner = \"ds@acme.com\"");
    }

    @Test
    void takes_the_package_group_and_directory_it_is_given() throws IOException {
        Cli.Result r = cli().run("new", "churn", "--package", "org.shop.churn.model", "--group-id", "org.shop",
                "--dir", "apps/churn-app");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("made the project of app 'churn' in apps/churn-app "
                + "(org.shop.churn.model.Churn, Ferry 0.1.0-SNAPSHOT):" + NL);
        Path project = dir.resolve("apps/churn-app");
        assertThat(project.resolve("src/test/java/org/shop/churn/model/ChurnIT.java")).isRegularFile();
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<groupId>org.shop</groupId>",
                "<artifactId>churn</artifactId>");
    }

    @Test
    void a_name_that_would_hide_a_type_the_sources_use_gets_a_class_name_ending_in_app() {
        Cli.Result r = cli().run("new", "prediction");

        assertThat(r.exitCode()).isZero();
        assertThat(dir.resolve("prediction/src/main/java/com/example/prediction/PredictionApp.java")).isRegularFile();
    }

    @Test
    void an_empty_directory_is_used() throws IOException {
        Files.createDirectories(dir.resolve("empty"));

        Cli.Result r = cli().run("new", "my-app", "--dir", "empty");

        assertThat(r.exitCode()).isZero();
        assertThat(dir.resolve("empty/pom.xml")).isRegularFile();
    }

    @Test
    void refuses_a_directory_that_is_not_empty_and_writes_nothing() throws IOException {
        Files.createDirectories(dir.resolve("my-app"));
        Files.writeString(dir.resolve("my-app/notes.txt"), "mine\n");

        Cli.Result r = cli().run("new", "my-app");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: my-app already exists and is not empty: choose another NAME or --dir, "
                + "or remove it" + NL);
        assertThat(r.out()).isEmpty();
        assertThat(filesUnder(dir.resolve("my-app"))).containsExactly("notes.txt");
    }

    @Test
    void refuses_a_file_in_the_way() throws IOException {
        Files.writeString(dir.resolve("my-app"), "mine\n");

        Cli.Result r = cli().run("new", "my-app");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: my-app exists and is not a directory: choose another NAME or --dir" + NL);
    }

    @Test
    void refuses_a_name_that_cannot_be_an_app_or_an_artifact() {
        for (String bad : List.of("My-App", "2fast", "my app", "my--app", "my-app-", "a.", "ünïcode")) {
            Cli.Result r = cli().run("new", bad);

            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).isEqualTo("ferry: '" + bad + "' cannot be an app name: use lower-case letters "
                    + "and digits, words joined by '-', '.' or '_', starting with a letter (e.g. my-prediction)" + NL);
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refuses_a_package_that_is_not_a_java_package() {
        Cli.Result r = cli().run("new", "my-app", "--package", "com.acme.2x");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: --package 'com.acme.2x' is not a Java package name: '2x' is not a Java "
                + "identifier (letters, digits and '_', not starting with a digit)" + NL);
    }

    @Test
    void an_app_whose_derived_package_is_a_keyword_is_asked_for_a_package() {
        Cli.Result r = cli().run("new", "class");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: the Java package 'com.example.class' made from the group id and the "
                + "app's name is not valid: 'class' is a Java keyword; name one with --package" + NL);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refuses_a_group_id_maven_would_not_take() {
        Cli.Result r = cli().run("new", "my-app", "--group-id", "com/acme");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: --group-id 'com/acme' is not a Maven group id: use letters, digits, "
                + "'.', '-' and '_' (e.g. com.acme.ds)" + NL);
    }

    @Test
    void without_a_name_it_is_a_usage_error() {
        Cli.Result r = cli().run("new");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing required parameter: 'NAME'" + NL + "Usage: ferry new ");
    }

    @Test
    void refuses_an_owner_that_would_break_the_annotation() {
        Cli.Result r = cli().run("new", "my-app", "--owner", "ada \"the\" lovelace");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: --owner 'ada \"the\" lovelace' cannot hold '\"' or '\\'" + NL);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refuses_to_make_the_project_inside_ferrys_checkout() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("ferry-checkout"));

        Cli.Result r = Cli.in(checkout, Map.of("FERRY_HOME", checkout.toString())).run("new", "my-app");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: my-app is inside Ferry's checkout (" + checkout + "): make your project "
                + "outside it, e.g. with --dir " + dir.resolve("my-app") + NL);
        assertThat(checkout).isEmptyDirectory();
    }

    @Test
    void the_readme_names_the_launcher_of_the_checkout_that_made_it() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("ferry-checkout"));
        Files.writeString(checkout.resolve("ferry"), "#!/bin/sh\n");

        Cli.Result r = Cli.in(dir, Map.of("FERRY_HOME", checkout.toString())).run("new", "my-app");

        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("my-app/README.md")))
                .contains(checkout.resolve("ferry") + " run target/my-app.jar", checkout.resolve("ferry") + " package");
    }

    @Test
    void ferry_help_lists_new() {
        Cli.Result r = cli().run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("  new ");
    }

    @Test
    void help_describes_the_command_and_its_options() {
        Cli.Result r = cli().run("new", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: ferry new ").contains("--package=PACKAGE", "--group-id=GROUP",
                "--dir=DIR", "--owner=EMAIL", "(./ferry's first run installs them)");
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
