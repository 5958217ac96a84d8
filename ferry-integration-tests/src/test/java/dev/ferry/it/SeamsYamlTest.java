package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app described by a YAML file rather than an annotation: {@code descriptors/shout.yaml} runs
 * {@link Shout#shout}, a plain static method, with the JSON Schema file next to it as its output's
 * schema; and a descriptor with a typo is refused, naming the file and the key.
 */
class SeamsYamlTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
            "hotel", "india", "juliett", "kilo", "lima");

    @Test
    void a_yaml_descriptor_runs_a_plain_java_method_that_has_no_annotation() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("words", 1);
        kafka.createTopic("words.loud", 1);
        kafka.produce("words", WORDS.stream().map(w -> "{\"word\": \"" + w + "\"}").toList());
        Path file = Descriptors.path("shout.yaml");

        AppDescriptor descriptor = AppDescriptor.load(file, SeamsYamlTest.class.getClassLoader());

        assertThat(descriptor.name()).isEqualTo("shout");
        assertThat(descriptor.origin()).isEqualTo("app descriptor " + file);
        assertThat(descriptor.owner()).isEqualTo("platform-team");
        assertThat(descriptor.batchSize()).isEqualTo(10);
        assertThat(descriptor.function()).isEqualTo(FunctionRef.java(Shout.class.getName(), "shout"));
        try (RunningApp app = FerryEngine.start(descriptor, kafka.profile())) {
            assertThat(app.outputSchemas().get("words.loud").document())
                    .as("the output's schema is the file next to the descriptor")
                    .contains("\"title\":\"A shouted word\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("words.loud") == WORDS.size());

            assertThat(kafka.readValues("words.loud", WORDS.size() + 1, Duration.ofSeconds(2)))
                    .containsExactlyElementsOf(WORDS.stream().map(w -> "{\"word\":\"" + w.toUpperCase(Locale.ROOT)
                            + "!\",\"length\":" + w.length() + "}").toList());

            // The schema file is enforced: "r2d2" shouts as "R2D2!", which its pattern refuses.
            kafka.produce("words", List.of("{\"word\": \"r2d2\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition("words", 0, WORDS.size()));
            assertThat(failure.message()).isEqualTo("app 'shout': output topic 'words.loud' event 0: $.word: does not "
                    + "match the regex pattern ^[A-Z]+!$");
        }
        assertThat(kafka.endOffsetTotal("words.loud")).isEqualTo(WORDS.size());
    }

    @Test
    void an_unknown_key_in_a_descriptor_is_refused_naming_the_file_and_the_key() {
        Path file = Descriptors.path("shout-typo.yaml");

        assertThatThrownBy(() -> AppDescriptor.load(file, SeamsYamlTest.class.getClassLoader()))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith("app descriptor " + file + ": unknown key 'batchsize'; known keys are ")
                .hasMessageContaining("batch-size");
    }

    @Test
    void an_unknown_key_inside_an_output_is_refused_naming_its_path_in_the_file() {
        Path file = Descriptors.path("shout-output-typo.yaml");

        assertThatThrownBy(() -> AppDescriptor.load(file, SeamsYamlTest.class.getClassLoader()))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith("app descriptor " + file + ": unknown key 'outputs[0].schema-fil'; known keys are ")
                .hasMessageContaining("schema-file");
    }
}
