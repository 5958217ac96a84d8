package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link FerryEngine#outputSchemas}: an app's output schemas before it runs, as it will run them. */
class OutputSchemasTest {

    public record Score(String sensor, double score) {
    }

    public record Alarm(String sensor) {
    }

    public static class TwoOutputs {
        @Ferry(app = "scorer", topics = "readings", outputs = {
                @Output(topic = "scores", payload = Score.class),
                @Output(topic = "alarms", schema = Alarm.class)})
        public static Map<String, List<?>> score(List<String> in) {
            return Map.of();
        }
    }

    public static class InUnknownFormat {
        @Ferry(app = "odd", topics = "in", outputs = @Output(topic = "out", schema = Alarm.class, format = "nope"))
        public static List<Alarm> run(List<String> in) {
            return List.of();
        }
    }

    private static final Sink NOWHERE = new Sink() {
        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    };

    @Test
    void are_the_schemas_the_running_pipeline_validates_against_in_declaration_order() {
        AppDescriptor app = AppDescriptor.of(TwoOutputs.class);
        PlatformProfile profile = PlatformProfile.builder().build();

        Map<String, OutputSchema> schemas = FerryEngine.outputSchemas(app, profile);

        assertThat(schemas.keySet()).containsExactly("scores", "alarms");
        assertThat(schemas.get("scores").format()).isEqualTo("json");
        assertThat(schemas.get("scores").language()).isEqualTo("json-schema");
        assertThat(schemas.get("scores").document()).contains("\"metadata\"", "\"payload\"", "\"score\"");
        assertThat(schemas.get("alarms").document()).contains("\"sensor\"").doesNotContain("\"payload\"");
        try (PipelineDriver driver = PipelineDriver.create(app, profile, NOWHERE, List.of())) {
            assertThat(schemas).isEqualTo(driver.outputSchemas());
        }
    }

    @Test
    void an_output_in_a_format_that_is_not_on_the_classpath_is_refused_naming_it() {
        Throwable thrown = catchThrowable(() -> FerryEngine.outputSchemas(AppDescriptor.of(InUnknownFormat.class),
                PlatformProfile.builder().build()));

        assertThat(thrown).isInstanceOf(AppDefinitionException.class).hasMessageContaining("'nope'");
    }
}
