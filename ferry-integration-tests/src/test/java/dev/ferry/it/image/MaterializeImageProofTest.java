package dev.ferry.it.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.FerryCommand;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves {@code ferry package} of a materialization file with real tools, as {@link ImageProofTest}
 * does an app's: the image is unpacked with {@code umoci}, holds the YAML file (its {@code schema:}
 * naming the schema file's place in the image) and the schema file, runs {@code ferry materialize} on
 * it, and, run with {@code runc} in the host's network namespace, materializes a topic of the
 * embedded broker into the shared PostgreSQL at 127.0.0.1:5432 (a table of its own).
 */
class MaterializeImageProofTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "clicks-proof";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path shared;

    private static Path ferryJar;
    private static Path baseArchive;

    @TempDir
    Path dir;

    private final String table = "h8_proof_" + System.nanoTime();

    @BeforeAll
    static void toolsAndBaseImage() throws Exception {
        Tools.require("umoci", "umoci");
        Tools.require("runc", "runc");
        assertThat(Tools.ok(shared, List.of("id", "-u")).out().trim()).as("runc runs containers as root here; run "
                + "the image tests as root (as CI does)").isEqualTo("0");
        ferryJar = ImageProofTest.jarOf(FerryCommand.class, "ferry-cli");
        baseArchive = TestBaseImage.build(shared);
    }

    @AfterEach
    void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("DROP TABLE IF EXISTS " + table + "_offsets");
        }
    }

    @Test
    void the_image_carries_the_file_and_its_schema_and_materializes_the_topic_into_postgresql() throws Exception {
        TestKafka kafka = KAFKA.client();
        String topic = KAFKA.uniqueTopic("clicks");
        kafka.createTopic(topic, 2);
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/clicks.schema.json"), "{\"type\": \"object\", \"properties\": "
                + "{\"client\": {\"type\": \"string\"}, \"score\": {\"type\": \"number\"}}}");
        Files.writeString(dir.resolve("clicks.yaml"), """
                materialize: %s
                topic: %s
                schema: schemas/clicks.schema.json
                target:
                  type: postgres
                  url: %s
                  table: %s
                  key: client
                  offsets-table: %s_offsets
                """.formatted(APP, topic, POSTGRES, table, table));

        Tools.Run packaged = ferry("package", "clicks.yaml", "--tag", "proof");
        assertThat(packaged.exitCode()).as(packaged.err()).isZero();
        System.out.println("materialization image:\n" + packaged.out());
        JsonNode record = JSON.readTree(dir.resolve("target/ferry/image.json").toFile());
        assertThat(record.get("app").asText()).isEqualTo(APP);
        assertThat(packaged.out()).contains("digest  " + record.get("digest").asText());
        assertThat(packaged.err()).contains("ferry package: materialization '" + APP + "' from clicks.yaml");

        Path layout = dir.resolve("layout");
        Files.createDirectories(layout);
        Tools.ok(dir, List.of("tar", "-xf", dir.resolve("target/ferry/" + APP + ".oci.tar").toString(), "-C",
                layout.toString()));
        String refName = JSON.readTree(layout.resolve("index.json").toFile())
                .at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
        Tools.Run stat = Tools.ok(dir, List.of("umoci", "stat", "--json", "--image", layout + ":" + refName));
        assertThat(stat.out()).contains("ferry runtime", "materialization").doesNotContain("app dependencies");
        Path bundle = dir.resolve("bundle");
        Tools.ok(dir, List.of("umoci", "unpack", "--image", layout + ":" + refName, bundle.toString()));
        Path rootfs = bundle.resolve("rootfs");
        assertThat(rootfs.resolve("app/materialize/clicks.yaml")).content()
                .contains("schema: \"schema/clicks.schema.json\"", "table: \"" + table + "\"");
        assertThat(rootfs.resolve("app/materialize/schema/clicks.schema.json"))
                .hasSameTextualContentAs(dir.resolve("schemas/clicks.schema.json"));
        assertThat(rootfs.resolve("app/app.jar")).doesNotExist();
        try (var jars = Files.list(rootfs.resolve("opt/ferry/lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).as("DuckDB's driver stays out")
                    .noneMatch(n -> n.startsWith("duckdb_jdbc-")).anyMatch(n -> n.startsWith("postgresql-"));
        }
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        JsonNode process = config.get("process");
        assertThat(process.at("/user/uid").asInt()).isEqualTo(10001);
        List<String> args = new ArrayList<>();
        process.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args).endsWith("-jar", "/opt/ferry/ferry-cli.jar", "materialize", "/app/materialize/clicks.yaml");
        Map<String, String> labels = new HashMap<>();
        config.at("/annotations").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        assertThat(labels).containsEntry("dev.ferry.app", APP).containsEntry("dev.ferry.topics", topic)
                .containsEntry("org.opencontainers.image.title", APP);

        int n = 40;
        kafka.produce(topic, IntStream.range(0, n).mapToObj(i -> "{\"client\": \"c" + (i % 10) + "\", \"score\": "
                + i + "}").toList());
        int port = ImageProofTest.freePort();
        ImageProofTest.inHostNetwork(config, Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "FERRY_MONITORING_PORT", Integer.toString(port)));
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        String id = "ferry-materialize-proof-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path log = dir.resolve("container.log");
        Process container = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> rows().size() == 10 && lastScore("c9") == 39.0
                    || !container.isAlive());
            assertThat(container.isAlive()).as("the container ended early:\n" + Files.readString(log)).isTrue();
            List<String> rows = rows();
            assertThat(rows).as("one row per client, its last event's score").hasSize(10)
                    .containsAll(IntStream.range(0, 10).mapToObj(c -> "c" + c + " " + (30.0 + c)).toList());
        } finally {
            Tools.run(dir, Map.of(), List.of("runc", "kill", id, "TERM"));
            if (!container.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                Tools.run(dir, Map.of(), List.of("runc", "kill", id, "KILL"));
                container.waitFor();
            }
            Tools.run(dir, Map.of(), List.of("runc", "delete", "--force", id));
        }
        assertThat(Files.readString(log)).contains("app '" + APP + "' materializing topic " + topic + " -> postgres '"
                + table + "' (2 columns, schema from schema file /app/materialize/schema/clicks.schema.json)");
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT client, score FROM " + table + " ORDER BY client")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getDouble(2));
            }
        } catch (java.sql.SQLException e) {
            return List.of(); // the table is made when the container starts
        }
        return rows;
    }

    private double lastScore(String client) throws Exception {
        return rows().stream().filter(r -> r.startsWith(client + " ")).mapToDouble(r -> Double.parseDouble(
                r.substring(r.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private Tools.Run ferry(String... args) {
        List<String> command = new ArrayList<>(List.of(ImageProofTest.javaBin(), "-jar", ferryJar.toString()));
        command.addAll(List.of(args));
        return Tools.run(dir, Map.of("FERRY_IMAGE_BASE", "docker-archive:" + baseArchive,
                "XDG_CACHE_HOME", shared.resolve("cache").toString()), command);
    }
}
