package dev.ferry.it.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.FerryCommand;
import dev.ferry.examples.PredictFoo;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves {@code ferry package}'s image with real tools, as root on a Debian machine like CI: a base
 * image made here ({@link TestBaseImage}), the app image built by {@code java -jar ferry-cli.jar
 * package}, unpacked with {@code umoci} and run with {@code runc} in the host's network namespace
 * against an embedded broker; pushed to Debian's {@code docker-registry} on 127.0.0.1 and read back
 * with {@code skopeo}.
 */
class ImageProofTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "predict-foo";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path shared;

    private static Path ferryJar;
    private static Path appJar;
    private static Path baseArchive;
    /** A dependency of the app that Ferry does not ship, so that the image has an app-dependencies layer. */
    private static Path dependency;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsAndBaseImage() throws Exception {
        Tools.require("umoci", "umoci");
        Tools.require("runc", "runc");
        Tools.require("skopeo", "skopeo");
        Tools.require("docker-registry", "docker-registry");
        assertThat(Tools.ok(shared, List.of("id", "-u")).out().trim()).as("runc runs containers as root here; run "
                + "the image tests as root (as CI does)").isEqualTo("0");
        ferryJar = jarOf(FerryCommand.class, "ferry-cli");
        appJar = jarOf(PredictFoo.class, "ferry-examples");
        // Not PostgreSQL's driver any more: Ferry ships it now (ferry materialize), so it would not be the app's.
        dependency = jarOf(org.awaitility.Awaitility.class, "awaitility");
        baseArchive = TestBaseImage.build(shared);
    }

    @Test
    void the_image_runs_the_app_as_a_non_root_user_against_a_real_broker() throws Exception {
        Path archive = dir.resolve("out/predict-foo.oci.tar");
        Tools.Run packaged = ferry("package", appJar.toString(), "--app", APP, "--tag", "proof", "--classpath", dependency.toString(),
                "--to", "oci-archive:" + archive);
        assertThat(packaged.exitCode()).as(packaged.err()).isZero();
        System.out.println("archive:\n" + packaged.out() + packaged.err());
        JsonNode record = JSON.readTree(dir.resolve("out/image.json").toFile());
        assertThat(record.get("app").asText()).isEqualTo(APP);
        assertThat(record.get("image").asText()).isEqualTo("predict-foo:proof");
        assertThat(record.get("digest").asText()).startsWith("sha256:");
        assertThat(packaged.out()).contains("digest  " + record.get("digest").asText());
        assertThat(packaged.err()).contains("ferry package: ");

        Path layout = dir.resolve("layout");
        Files.createDirectories(layout);
        Tools.ok(dir, List.of("tar", "-xf", archive.toString(), "-C", layout.toString()));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String refName = index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
        assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(record.get("digest").asText());
        Tools.Run stat = Tools.ok(dir, List.of("umoci", "stat", "--json", "--image", layout + ":" + refName));
        assertThat(stat.out()).contains("ferry runtime", "app dependencies");

        Path bundle = dir.resolve("bundle");
        Tools.ok(dir, List.of("umoci", "unpack", "--image", layout + ":" + refName, bundle.toString()));
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        JsonNode process = config.get("process");
        assertThat(process.at("/user/uid").asInt()).isEqualTo(10001);
        assertThat(process.at("/user/gid").asInt()).isEqualTo(10001);
        assertThat(process.get("args").toString()).contains("\"-XX:MaxRAMPercentage=75\"",
                "\"-XX:+ExitOnOutOfMemoryError\"", "\"/opt/ferry/ferry-cli.jar\"", "\"run\"", "\"/app/app.jar\"",
                "\"/app/libs/" + dependency.getFileName() + "\"");
        Map<String, String> labels = new HashMap<>();
        config.at("/annotations").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        assertThat(labels).containsEntry("dev.ferry.app", APP)
                .containsEntry("dev.ferry.owner", "ds-styling@example.com")
                .containsEntry("dev.ferry.topics", "client.signed_up")
                .containsEntry("dev.ferry.outputs", "predict.topic")
                .containsEntry("org.opencontainers.image.title", APP)
                .containsKey("org.opencontainers.image.created");
        Tools.Run head = Tools.run(appJar.getParent(), Map.of(), List.of("git", "rev-parse", "HEAD"));
        if (head.exitCode() == 0) { // the jar was built in a git work tree: its commit is the image's revision
            assertThat(labels.get("org.opencontainers.image.revision")).isEqualTo(head.out().trim());
        } else {
            assertThat(labels).doesNotContainKey("org.opencontainers.image.revision");
        }

        TestKafka kafka = KAFKA.client();
        kafka.createTopic("client.signed_up", 3);
        kafka.createTopic("predict.topic", 3);
        int n = 60;
        kafka.produce("client.signed_up", IntStream.range(0, n).mapToObj(i -> "{\"client\": " + i
                + ", \"email\": \"c" + i + "@example.com\", \"signed_up_at\": \"2026-11-25T10:00:00Z\"}").toList());
        int port = freePort();
        inHostNetwork(config, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FERRY_MONITORING_PORT", Integer.toString(port)));
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);

        String id = "ferry-proof-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path log = dir.resolve("container.log");
        Process container = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> kafka.endOffsetTotal("predict.topic") >= n
                    || !container.isAlive());
            assertThat(container.isAlive()).as("the container ended early:\n" + Files.readString(log)).isTrue();
            List<String> outputs = kafka.readAllValues("predict.topic", Duration.ofSeconds(5));
            assertThat(outputs).as("one prediction per client, none missing or twice").hasSize(n);
            Set<Integer> clients = new HashSet<>();
            for (String o : outputs) {
                clients.add(JSON.readTree(o).at("/payload/client").asInt());
            }
            assertThat(clients).hasSize(n).containsAll(IntStream.range(0, n).boxed().toList());

            JsonNode state = JSON.readTree(Tools.ok(dir, List.of("runc", "state", id)).out());
            String status = Files.readString(Path.of("/proc", state.get("pid").asText(), "status"));
            assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$");
            assertThat(httpStatus("http://127.0.0.1:" + port + "/health/ready")).isEqualTo(200);
        } finally {
            Tools.run(dir, Map.of(), List.of("runc", "kill", id, "TERM"));
            if (!container.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                Tools.run(dir, Map.of(), List.of("runc", "kill", id, "KILL"));
                container.waitFor();
            }
            Tools.run(dir, Map.of(), List.of("runc", "delete", "--force", id));
        }
        assertThat(Files.readString(log)).contains("app 'predict-foo' running");
    }

    @Test
    void a_push_to_a_local_registry_reads_back_with_skopeo_at_the_same_digest() throws Exception {
        int port = freePort();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("registry-data"), port));
        Process registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> httpStatus("http://127.0.0.1:" + port + "/v2/") == 200);
            String ref = "127.0.0.1:" + port + "/ferry/predict-foo:proof";

            Tools.Run pushed = ferry("package", appJar.toString(), "--app", APP, "--to", ref, "--classpath",
                    dependency.toString());
            System.out.println("push (cold):\n" + pushed.out());
            assertThat(pushed.exitCode()).as(pushed.err()).isZero();
            assertThat(pushed.err()).contains("pushing blob sha256:");
            String digest = JSON.readTree(dir.resolve("target/ferry/image.json").toFile()).get("digest").asText();
            assertThat(pushed.out()).contains("image   " + ref, "digest  " + digest).containsPattern("size    [0-9]+ bytes");

            JsonNode inspected = JSON.readTree(Tools.ok(dir, List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + ref)).out());
            assertThat(inspected.get("Digest").asText()).isEqualTo(digest);
            assertThat(inspected.at("/Labels/dev.ferry.app").asText()).isEqualTo(APP);
            assertThat(inspected.get("Layers")).hasSizeGreaterThanOrEqualTo(4);

            Path copy = dir.resolve("copy");
            Tools.ok(dir, List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + copy + ":proof"));
            JsonNode index = JSON.readTree(copy.resolve("index.json").toFile());
            assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(digest);

            Tools.Run again = ferry("package", appJar.toString(), "--app", APP, "--to", ref, "--classpath",
                    dependency.toString());
            assertThat(again.exitCode()).as(again.err()).isZero();
            System.out.println("push (warm):\n" + again.out());
        } finally {
            registry.destroy();
            registry.waitFor();
        }
    }

    @Test
    void a_maven_project_is_built_and_packaged_with_its_runtime_dependencies() throws Exception {
        Path project = dir.resolve("shout");
        Path source = project.resolve("src/main/java/demo/Shout.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package demo;

                import dev.ferry.api.Ferry;
                import dev.ferry.api.Output;
                import java.util.List;

                public class Shout {
                    public record Loud(String word) { }

                    @Ferry(app = "shout", topics = "words", owner = "ds@example.com",
                           outputs = @Output(topic = "words.loud", schema = Loud.class))
                    public static List<Loud> shout(List<String> words) {
                        return words.stream().map(w -> new Loud(w.toUpperCase())).toList();
                    }
                }
                """);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId>
                  <artifactId>shout</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <!-- Ferry's API from this build, not a repository: the runtime provides it (system scope is not copied) -->
                    <dependency><groupId>dev.ferry</groupId><artifactId>ferry-api</artifactId><version>local</version>
                      <scope>system</scope><systemPath>%s</systemPath></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(jarOf(dev.ferry.api.Ferry.class, "ferry-api")));

        Tools.Run packaged = ferry("package", project.toString(), "--tag", "1.0");

        assertThat(packaged.exitCode()).as(packaged.out() + packaged.err()).isZero();
        assertThat(packaged.err()).contains("ferry package: building the project: mvn -q -B package -DskipTests");
        Path archive = project.resolve("target/ferry/shout.oci.tar");
        assertThat(archive).isRegularFile();
        JsonNode record = JSON.readTree(project.resolve("target/ferry/image.json").toFile());
        assertThat(record.get("app").asText()).isEqualTo("shout");
        assertThat(record.get("image").asText()).isEqualTo("shout:1.0");
        assertThat(record.get("archive").asText()).isEqualTo(archive.toString());
        // the package also holds the app's alert rules and runbook, written from its descriptor
        Path runbook = project.resolve("target/ferry/runbook");
        assertThat(runbook.resolve("shout.rules.yaml")).content().contains("alert: FerryAppHalted", "shout");
        assertThat(runbook.resolve("shout.prometheusrule.yaml")).content().contains("kind: PrometheusRule");
        assertThat(runbook.resolve("RUNBOOK.md")).content().contains("shout");
        assertThat(packaged.out()).contains("runbook " + runbook.resolve("RUNBOOK.md"));

        Path layout = dir.resolve("shout-layout");
        Files.createDirectories(layout);
        Tools.ok(dir, List.of("tar", "-xf", archive.toString(), "-C", layout.toString()));
        Tools.Run stat = Tools.ok(dir, List.of("umoci", "stat", "--json", "--image", layout + ":shout:1.0"));
        assertThat(stat.out()).contains("\"comment\":\"app\"", "ferry runtime");
        Path bundle = dir.resolve("shout-bundle");
        Tools.ok(dir, List.of("umoci", "unpack", "--image", layout + ":shout:1.0", bundle.toString()));
        assertThat(bundle.resolve("rootfs/app/app.jar")).isRegularFile();
        assertThat(bundle.resolve("rootfs/opt/ferry/ferry-cli.jar")).isRegularFile();
        assertThat(JSON.readTree(bundle.resolve("config.json").toFile()).at("/annotations/dev.ferry.outputs").asText())
                .isEqualTo("words.loud");
    }

    @Test
    void a_base_image_that_cannot_be_reached_is_named_with_its_setting() {
        int port = freePort();
        Tools.Run r = Tools.run(dir, Map.of("FERRY_IMAGE_BASE", "127.0.0.1:" + port + "/java/jre:17",
                "XDG_CACHE_HOME", dir.resolve("cache").toString()), List.of(javaBin(), "-jar", ferryJar.toString(),
                "package", appJar.toString(), "--app", APP));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("\nferry: cannot pull the base image environment variable FERRY_IMAGE_BASE: "
                + "image.base '127.0.0.1:" + port + "/java/jre:17': Connect to 127.0.0.1:" + port);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_registry_that_cannot_be_reached_is_named() {
        int port = freePort();
        Tools.Run r = ferry("package", appJar.toString(), "--app", APP, "--to", "127.0.0.1:" + port + "/ds/app:1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("\nferry: cannot push the image to 127.0.0.1:" + port + "/ds/app:1: Connect to "
                + "127.0.0.1:" + port);
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("target/ferry/image.json")).doesNotExist();
    }

    private Tools.Run ferry(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", ferryJar.toString()));
        command.addAll(List.of(args));
        return Tools.run(dir, Map.of("FERRY_IMAGE_BASE", "docker-archive:" + baseArchive,
                "XDG_CACHE_HOME", shared.resolve("cache").toString()), command);
    }

    static void inHostNetwork(ObjectNode config, Map<String, String> env) {
        ArrayNode namespaces = (ArrayNode) config.at("/linux/namespaces");
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            if (namespaces.get(i).get("type").asText().equals("network")) {
                namespaces.remove(i);
            }
        }
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        ArrayNode vars = (ArrayNode) process.get("env");
        env.forEach((k, v) -> vars.add(k + "=" + v));
    }

    private static int httpStatus(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path jarOf(Class<?> type, String module) throws Exception {
        Path p = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(p.toString()).as(module + " must be packaged for the image tests (they run its jar): run mvn "
                + "verify, or mvn package of " + module + " first; found " + p).endsWith(".jar");
        return p;
    }
}
