package dev.ferry.it.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.FerryCommand;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves {@code ferry package} of a Python app with real tools, as {@link ImageProofTest} does a Java
 * app's: the image, unpacked with {@code umoci}, holds the app's {@code .py} files and package (not
 * its other files) and the package its {@code requirements.txt} names (a wheel beside it, installed
 * with pip at packaging time), runs {@code ferry run} of the file, and, run with {@code runc} on a base
 * image with Java and Python, consumes a topic of the embedded broker and writes every output.
 */
class PythonImageProofTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "py-proof";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path shared;

    private static Path ferryJar;
    private static Path baseArchive;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsAndBaseImage() throws Exception {
        Tools.require("umoci", "umoci");
        Tools.require("runc", "runc");
        assertThat(Tools.ok(shared, List.of("id", "-u")).out().trim()).as("runc runs containers as root here; run "
                + "the image tests as root (as CI does)").isEqualTo("0");
        ferryJar = ImageProofTest.jarOf(FerryCommand.class, "ferry-cli");
        baseArchive = TestBaseImage.buildWithPython(shared);
    }

    @Test
    void the_image_carries_the_sources_and_requirements_and_runs_the_python_app() throws Exception {
        TestKafka kafka = KAFKA.client();
        String in = KAFKA.uniqueTopic("signups");
        String out = KAFKA.uniqueTopic("scores");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        Files.writeString(dir.resolve("scorer.py"), """
                import json
                import ferry
                import featurelib
                from helpers import weight
                from scoring.rules import bonus

                @ferry.register(app='%s', topics='%s', start='beginning',
                                output_schema={'%s': {'client': int, 'score': int}})
                def score(messages):
                    clients = [json.loads(m)['client'] for m in messages]
                    return {'%s': [{'client': c, 'score': featurelib.boost(weight(c)) + bonus(c)} for c in clients]}
                """.formatted(APP, in, out, out));
        Files.writeString(dir.resolve("helpers.py"), "def weight(c):\n    return c + 1\n");
        Files.createDirectories(dir.resolve("scoring"));
        Files.writeString(dir.resolve("scoring/__init__.py"), "");
        Files.writeString(dir.resolve("scoring/rules.py"), "def bonus(c):\n    return 1000\n");
        Files.writeString(dir.resolve("notes.txt"), "not part of the app\n");
        Files.createDirectories(dir.resolve("wheels"));
        wheel(dir.resolve("wheels/featurelib-1.0-py3-none-any.whl"));
        Files.writeString(dir.resolve("requirements.txt"), "--no-index\n--find-links wheels\nfeaturelib==1.0\n");

        Tools.Run packaged = ferry("package", "scorer.py", "--tag", "proof");
        assertThat(packaged.exitCode()).as(packaged.err()).isZero();
        assertThat(packaged.err()).contains("ferry package: Python app '" + APP + "' from scorer.py (4 source file(s), "
                + "the packages of requirements.txt)");
        JsonNode record = JSON.readTree(dir.resolve("target/ferry/image.json").toFile());
        assertThat(record.get("app").asText()).isEqualTo(APP);

        Path layout = dir.resolve("layout");
        Files.createDirectories(layout);
        Tools.ok(dir, List.of("tar", "-xf", dir.resolve("target/ferry/" + APP + ".oci.tar").toString(), "-C",
                layout.toString()));
        String refName = JSON.readTree(layout.resolve("index.json").toFile())
                .at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
        Tools.Run stat = Tools.ok(dir, List.of("umoci", "stat", "--json", "--image", layout + ":" + refName));
        assertThat(stat.out()).contains("ferry runtime", "python dependencies", "\"app\"");
        Path bundle = dir.resolve("bundle");
        Tools.ok(dir, List.of("umoci", "unpack", "--image", layout + ":" + refName, bundle.toString()));
        Path rootfs = bundle.resolve("rootfs");
        assertThat(rootfs.resolve("app/python/scorer.py")).hasSameTextualContentAs(dir.resolve("scorer.py"));
        assertThat(rootfs.resolve("app/python/helpers.py")).exists();
        assertThat(rootfs.resolve("app/python/scoring/rules.py")).exists();
        assertThat(rootfs.resolve("app/python/notes.txt")).doesNotExist();
        assertThat(rootfs.resolve("app/python/wheels")).doesNotExist();
        assertThat(rootfs.resolve("app/python-libs/featurelib/__init__.py")).exists();
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        JsonNode process = config.get("process");
        assertThat(process.at("/user/uid").asInt()).isEqualTo(10001);
        List<String> args = new ArrayList<>();
        process.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args).endsWith("-jar", "/opt/ferry/ferry-cli.jar", "run", "/app/python/scorer.py", "--app", APP);
        List<String> env = new ArrayList<>();
        process.get("env").forEach(e -> env.add(e.asText()));
        assertThat(env).contains("FERRY_PLUGINS_PYTHON_PATH=/app/python-libs");

        int n = 50;
        kafka.produce(in, IntStream.range(0, n).mapToObj(i -> "{\"client\": " + i + "}").toList());
        int port = ImageProofTest.freePort();
        ImageProofTest.inHostNetwork(config, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FERRY_MONITORING_PORT", Integer.toString(port)));
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        String id = "ferry-python-proof-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path log = dir.resolve("container.log");
        Process container = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> kafka.endOffsetTotal(out) >= n || !container.isAlive());
            assertThat(container.isAlive()).as("the container ended early:\n" + Files.readString(log)).isTrue();
        } finally {
            Tools.run(dir, Map.of(), List.of("runc", "kill", id, "TERM"));
            if (!container.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                Tools.run(dir, Map.of(), List.of("runc", "kill", id, "KILL"));
                container.waitFor();
            }
            Tools.run(dir, Map.of(), List.of("runc", "delete", "--force", id));
        }
        assertThat(kafka.readAllValues(out, Duration.ofSeconds(5))).as("every client's score, once")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n)
                        .mapToObj(c -> "{\"client\":" + c + ",\"score\":" + ((c + 1) * 2 + 1000) + "}").toList());
        assertThat(Files.readString(log)).contains("python worker for app '" + APP + "' started");
    }

    /** A pure-Python wheel of one module, {@code featurelib.boost(x) = 2x}, as pip installs it offline. */
    private static void wheel(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "featurelib/__init__.py", "def boost(x):\n    return x * 2\n");
            entry(zip, "featurelib-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: featurelib\nVersion: 1.0\n");
            entry(zip, "featurelib-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: ferry-test\n"
                    + "Root-Is-Purelib: true\nTag: py3-none-any\n");
            entry(zip, "featurelib-1.0.dist-info/RECORD", "featurelib/__init__.py,,\nfeaturelib-1.0.dist-info/METADATA,,\n"
                    + "featurelib-1.0.dist-info/WHEEL,,\nfeaturelib-1.0.dist-info/RECORD,,\n");
        }
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private Tools.Run ferry(String... args) {
        List<String> command = new ArrayList<>(List.of(ImageProofTest.javaBin(), "-jar", ferryJar.toString()));
        command.addAll(List.of(args));
        return Tools.run(dir, Map.of("FERRY_IMAGE_BASE", "docker-archive:" + baseArchive,
                "XDG_CACHE_HOME", shared.resolve("cache").toString()), command);
    }
}
