package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plug-in name that matches none on the classpath fails at start, before anything is consumed,
 * naming the setting, where it came from and the plug-ins there are (the built-in ones and this
 * module's test plug-ins): a {@link ProfileException} when the platform chose it, an
 * {@link AppDefinitionException} when the author did. The app's topics exist, so nothing else fails.
 */
class SeamsUnknownPluginTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    public static class Plain {
        @Ferry(app = "plain", topics = "plain.in", outputs = @Output(topic = "plain.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class OutputInAnUnknownFormat {
        @Ferry(app = "unknown-output-format", topics = "plain.in",
                outputs = @Output(topic = "plain.out", schema = Echo.class, format = "nope"))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class InputInAnUnknownFormat {
        @Ferry(app = "unknown-input-format", topics = "plain.in", inputFormat = "nope",
                outputs = @Output(topic = "plain.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void topics() {
        KAFKA.createTopic("plain.in", 1);
        KAFKA.createTopic("plain.out", 1);
    }

    private static Path profileFile(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "ferry", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String putTheJar(String spiType) {
        return "Put the jar that provides it on the classpath (it lists its class in META-INF/services/" + spiType
                + "), or choose one of those";
    }

    @Test
    void an_unknown_format_in_the_profile_file_is_named_with_the_file_and_the_formats_there_are() throws Exception {
        Path file = profileFile("format: nope\n");
        PlatformProfile profile = KAFKA.client().profile().toBuilder().file(file).build();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Plain.class), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("platform profile " + file + ": format: no format named 'nope' on the classpath; there are "
                        + "avro, ferry-row, json, text. " + putTheJar("dev.ferry.engine.spi.Format"));
    }

    @Test
    void an_unknown_write_back_from_the_environment_is_named_with_its_variable_and_the_sinks_there_are() {
        PlatformProfile profile = KAFKA.client().profile().toBuilder()
                .environment(Map.of("FERRY_WRITE_BACK", "nope")).build();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Plain.class), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("environment variable FERRY_WRITE_BACK: write-back: no write-back named 'nope' on the "
                        + "classpath; there are direct, materialize, pg-store, proxy. " + putTheJar("dev.ferry.engine.spi.SinkProvider"));
    }

    @Test
    void an_unknown_listener_among_known_ones_is_named_with_the_file_and_the_listeners_there_are() throws Exception {
        Path file = profileFile("listeners: recording, nope\n");
        PlatformProfile profile = KAFKA.client().profile().toBuilder().file(file).build();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Plain.class), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("platform profile " + file + ": listeners: no listener named 'nope' on the classpath; there "
                        + "are recording, throwing. " + putTheJar("dev.ferry.engine.spi.ListenerProvider"));
    }

    @Test
    void an_unknown_output_format_chosen_by_the_author_is_an_app_definition_error_naming_the_method_and_topic() {
        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(OutputInAnUnknownFormat.class),
                KAFKA.client().profile()))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage("@Ferry on " + OutputInAnUnknownFormat.class.getName() + "#echo: output topic 'plain.out': "
                        + "format: no format named 'nope' on the classpath; there are avro, ferry-row, json, text. "
                        + putTheJar("dev.ferry.engine.spi.Format"));
    }

    @Test
    void an_unknown_input_format_chosen_by_the_author_is_an_app_definition_error_naming_the_method() {
        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(InputInAnUnknownFormat.class),
                KAFKA.client().profile()))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage("@Ferry on " + InputInAnUnknownFormat.class.getName() + "#echo: inputFormat: no format "
                        + "named 'nope' on the classpath; there are avro, ferry-row, json, text. " + putTheJar("dev.ferry.engine.spi.Format"));
    }
}
