package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.it.plugins.TextFormat;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format plug-in on the classpath ({@link TextFormat}, listed in
 * {@code META-INF/services/dev.ferry.engine.spi.Format}) reads and writes an app's events when the
 * profile's {@code format} or an output's own {@code format} names it, validates every output against
 * the schema document it understands, and takes its settings from {@code plugins.text.*}.
 */
class SeamsFormatTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void a_format_on_the_classpath_chosen_by_the_profile_reads_and_writes_every_topic_and_enforces_its_schema() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("text.in", 1);
        kafka.createTopic("text.out", 1);
        kafka.produce("text.in", List.of("hello", "plain", "text"));
        PlatformProfile profile = kafka.profile().toBuilder().set("format", TextFormat.NAME).build();

        try (RunningApp app = FerryEngine.start(Descriptors.load("text-shout.yaml"), profile)) {
            assertThat(app.outputSchemas()).containsEntry("text.out", new OutputSchema("text", "regex", "[A-Z]+!"));
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("text.out") == 3);
            assertThat(kafka.readValues("text.out", 4, Duration.ofSeconds(2))).as("plain text, not JSON")
                    .containsExactly("HELLO!", "PLAIN!", "TEXT!");

            kafka.produce("text.in", List.of("r2d2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition("text.in", 0, 3));
            assertThat(failure.message()).isEqualTo("app 'text-shout': output topic 'text.out' event 0: 'R2D2!' does "
                    + "not match [A-Z]+!");
        }
        assertThat(kafka.endOffsetTotal("text.out")).isEqualTo(3);
    }

    @Test
    void an_output_that_names_the_format_is_written_in_it_while_the_inputs_stay_in_the_platforms() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("word-to-text.in", 1);
        kafka.createTopic("word-to-text.out", 1);
        kafka.produce("word-to-text.in", List.of("{\"word\": \"json\"}", "{\"word\": \"in\"}"));

        try (RunningApp app = FerryEngine.start(Descriptors.load("word-to-text.yaml"), kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("word-to-text.out") == 2);
            assertThat(app.outputSchemas().get("word-to-text.out").format()).isEqualTo("text");
        }
        assertThat(kafka.readValues("word-to-text.out", 3, Duration.ofSeconds(2))).containsExactly("JSON!", "IN!");
    }

    @Test
    void a_bad_format_setting_is_refused_at_start_naming_the_key_and_the_file_it_came_from(@TempDir Path dir)
            throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("text.in", 1);
        kafka.createTopic("text.out", 1);
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, "format: text\nplugins:\n  text:\n    max-length: lots\n");
        PlatformProfile profile = kafka.profile().toBuilder().file(file).build();

        assertThatThrownBy(() -> FerryEngine.start(Descriptors.load("text-shout.yaml"), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("platform profile " + file + ": plugins.text.max-length: expected a positive whole number "
                        + "of characters, got 'lots'");
    }
}
