package dev.ferry.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of a user's story, for real: {@code ferry new} (this build's ferry-cli.jar, as a user
 * runs it) makes a project outside Ferry's tree, and {@code mvn package} in it (its tests, then its
 * jar, whose manifest names the version the app announces) passes against the Ferry artifacts of
 * this very build.
 *
 * <p>{@code mvn verify} installs nothing, and the local repository may hold stale Ferry artifacts, so
 * this module's build copies Ferry's artifacts of this build (and ferry-parent, their parent POM)
 * into {@code target/local-repo} in repository layout; the nested build uses that as its local
 * repository, and reads third-party artifacts from the outer build's local repository as a
 * {@code file://} repository (so it downloads nothing), with snapshots off there so that no Ferry
 * artifact can come from it.
 */
class StartProjectTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String VERSION = System.getProperty("ferry.version");
    private static final Path LOCAL_REPO = Path.of(System.getProperty("start.local-repo"));
    private static final Path OUTER_REPO = Path.of(System.getProperty("start.execution-root"))
            .resolve(System.getProperty("start.outer-repo")).normalize();

    @TempDir
    Path dir;

    @Test
    void a_project_made_by_ferry_new_passes_its_tests_and_packages_on_the_artifacts_of_this_build() throws Exception {
        assertThat(LOCAL_REPO.resolve(artifact("ferry-testkit", "jar")))
                .as("the test kit in target/local-repo is this build's")
                .hasSameBinaryContentAs(ROOT.resolve("ferry-testkit/target/ferry-testkit-" + VERSION + ".jar"));
        assertThat(LOCAL_REPO.resolve(artifact("ferry-bom", "pom"))).hasSameTextualContentAs(ROOT.resolve("ferry-bom/pom.xml"));

        Run made = run(dir, List.of(java(), "-jar", System.getProperty("ferry.cli.jar"), "new", "proof-app"), 60);
        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(made.output()).contains("made the project of app 'proof-app' in proof-app "
                + "(com.example.proofapp.ProofApp, Ferry " + VERSION + "):");

        Path settings = Files.writeString(dir.resolve("settings.xml"), settings(OUTER_REPO));
        Run test = run(dir.resolve("proof-app"), List.of(mvn(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + LOCAL_REPO, "package"), 300);

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output())
                .contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:",
                        "in com.example.proofapp.ProofAppTest")
                .as("the integration test, named *IT, ran in mvn test")
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:",
                        "in com.example.proofapp.ProofAppIT")
                .contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0" + System.lineSeparator())
                .contains("BUILD SUCCESS")
                .as("nothing was downloaded from outside this machine").doesNotContain("https://");
        try (JarFile jar = new JarFile(dir.resolve("proof-app/target/proof-app.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .as("the version the app announces").isEqualTo("0.1.0-SNAPSHOT");
        }
    }

    @Test
    void the_bom_has_ferrys_version_and_the_ferry_script_installs_every_artifact_it_lists() throws IOException {
        String bom = Files.readString(ROOT.resolve("ferry-bom/pom.xml"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(firstVersion(bom)).as("ferry-bom's version").isEqualTo(firstVersion(parent)).isEqualTo(VERSION);

        Set<String> listed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<artifactId>(ferry-[a-z-]+)</artifactId>").matcher(bom);
        while (m.find()) {
            listed.add(m.group(1));
        }
        listed.remove("ferry-bom");
        // the BOM imports ferry-parent's dependency management (the library versions Ferry is tested with);
        // the ferry script installs ferry-parent as the parent of every module it installs (-am)
        assertThat(listed.remove("ferry-parent")).as("ferry-bom imports ferry-parent").isTrue();
        assertThat(listed).containsExactlyInAnyOrder("ferry-api", "ferry-engine", "ferry-testkit", "ferry-broker",
                "ferry-format-avro", "ferry-cli");

        Matcher modules = Pattern.compile("(?m)^MODULES=\"([^\"]+)\"$").matcher(Files.readString(ROOT.resolve("ferry")));
        assertThat(modules.find()).as("the ferry script's MODULES line").isTrue();
        assertThat(List.of(modules.group(1).split(","))).containsAll(listed).contains("ferry-bom");
    }

    private static String firstVersion(String pom) {
        Matcher m = Pattern.compile("(?m)^  <version>([^<]+)</version>$").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Path artifact(String id, String type) {
        return Path.of("dev", "ferry", id, VERSION, id + "-" + VERSION + "." + type);
    }

    /** Third-party artifacts from the outer build's local repository; no Ferry snapshot from there. */
    private static String settings(Path outer) {
        String url = outer.toUri().toString();
        String repository = """
                    <id>%s</id>
                    <url>%s</url>
                    <releases><enabled>true</enabled></releases>
                    <snapshots><enabled>false</enabled></snapshots>
                """;
        return """
                <settings>
                  <mirrors>
                    <mirror><id>outer-local-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>outer-local-repository</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>outer-local-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(url, repository.formatted("central", url), repository.formatted("central", url));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String mvn() {
        String home = System.getProperty("start.maven-home");
        Path mvn = home == null || home.isBlank() ? null : Path.of(home, "bin", "mvn");
        return mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    record Run(int exitCode, String output) {
    }

    /** Runs a command in {@code dir} with no FERRY_* variables, and returns its exit code and output. */
    private static Run run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("start-run", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(pb.environment());
        env.keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("MAVEN_ARGS"));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new Run(p.exitValue(), output);
    }
}
