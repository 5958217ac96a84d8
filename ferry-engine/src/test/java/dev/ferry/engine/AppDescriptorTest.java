package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Envelope;
import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code @Ferry} into a descriptor, and the start-up checks of what it declares: every mistake
 * is a sentence naming the method and the fix. Mistakes only the output's format can see (a JSON
 * Schema that does not compile) are found when the app's formats are resolved, as the engine and the
 * test kit do before anything runs ({@link #formatErrorOf}).
 */
@SuppressWarnings({"rawtypes", "unused"})
class AppDescriptorTest {

    record Reading(String sensor, int value) {
    }

    record Prediction(String sensor, double score) {
    }

    /** The message of the {@link AppDefinitionException} that reading {@code type} must throw. */
    private static String errorOf(Class<?> type) {
        Throwable thrown = catchThrowable(() -> AppDescriptor.of(type));
        assertThat(thrown).as("AppDescriptor.of(%s) should reject the app", type.getSimpleName())
                .isInstanceOf(AppDefinitionException.class);
        return thrown.getMessage();
    }

    /** A sink that keeps nothing: resolving an app's formats needs one, writing is not tested here. */
    private static final Sink NOWHERE = new Sink() {
        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    };

    /** The message of the {@link AppDefinitionException} that resolving the formats of {@code type} must throw. */
    private static String formatErrorOf(Class<?> type) {
        AppDescriptor descriptor = AppDescriptor.of(type);
        Throwable thrown = catchThrowable(() -> PipelineDriver.create(descriptor, PlatformProfile.builder().build(),
                NOWHERE, List.of()).close());
        assertThat(thrown).as("the formats of %s should reject the app", type.getSimpleName())
                .isInstanceOf(AppDefinitionException.class);
        return thrown.getMessage();
    }

    /** The schema of an app's output topic as its format validates it. */
    private static OutputSchema schemaOf(Class<?> type, String topic) {
        try (PipelineDriver driver = PipelineDriver.create(AppDescriptor.of(type), PlatformProfile.builder().build(),
                NOWHERE, List.of())) {
            return driver.outputSchemas().get(topic);
        }
    }

    /** What every error about the one method {@code run} of {@code type} starts with. */
    private static String where(Class<?> type) {
        return "@Ferry on " + type.getName() + "#run";
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    // --- a valid app -------------------------------------------------------------------------------

    static class Complete {
        @Ferry(app = "predict-foo", topics = {"client.signed_up", "client.updated"}, start = Start.BEGINNING,
                batchSize = 25, consumers = 3, description = "Scores new clients.", owner = "team-ml",
                outputs = @Output(topic = "predict.foo", schema = Prediction.class))
        static List<Prediction> run(List<Reading> readings) {
            return List.of();
        }
    }

    @Test
    void reads_every_attribute_of_a_valid_app_into_the_descriptor() {
        AppDescriptor spec = AppDescriptor.of(Complete.class);

        assertThat(spec.name()).isEqualTo("predict-foo");
        assertThat(spec.topics()).containsExactly("client.signed_up", "client.updated");
        assertThat(spec.start()).isEqualTo(Start.BEGINNING);
        assertThat(spec.batchSize()).isEqualTo(25);
        assertThat(spec.consumers()).isEqualTo(3);
        assertThat(spec.description()).isEqualTo("Scores new clients.");
        assertThat(spec.owner()).isEqualTo("team-ml");
        assertThat(spec.outputs()).extracting(OutputDescriptor::topic).containsExactly("predict.foo");
        assertThat(spec.output("predict.foo")).get().extracting(OutputDescriptor::type).isEqualTo(
                Optional.of(Prediction.class.getName()));
        assertThat(spec.output("predict.foo")).get().extracting(OutputDescriptor::format).isEqualTo(Optional.empty());
        assertThat(spec.output("elsewhere")).isEmpty();
        assertThat(spec.inputFormat()).isEmpty();
        assertThat(spec.function()).isEqualTo(FunctionRef.java(Complete.class.getName(), "run"));
        assertThat(spec.origin()).isEqualTo(where(Complete.class));
        assertThat(spec.classLoader()).isSameAs(Complete.class.getClassLoader());
        assertThat(spec.toString()).isEqualTo("app 'predict-foo' (" + Complete.class.getName()
                + "#run): client.signed_up, client.updated -> predict.foo");
    }

    static class Defaults {
        @Ferry(app = "hello-world", topics = "some.topic")
        void run(List<String> messages) {
        }
    }

    @Test
    void applies_the_documented_defaults() {
        AppDescriptor spec = AppDescriptor.of(Defaults.class);

        assertThat(spec.start()).isEqualTo(Start.END);
        assertThat(spec.batchSize()).isEqualTo(100);
        assertThat(spec.consumers()).isEqualTo(1);
        assertThat(spec.outputs()).isEmpty();
        assertThat(spec.description()).isEmpty();
        assertThat(spec.owner()).isEmpty();
        assertThat(spec.function().runtime()).isEqualTo("java");
        assertThat(spec.toString()).endsWith("some.topic -> nothing");
    }

    @Test
    void descriptor_lists_cannot_be_changed() {
        AppDescriptor spec = AppDescriptor.of(Complete.class);

        assertThat(catchThrowable(() -> spec.topics().add("other"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(catchThrowable(() -> spec.outputs().clear())).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- name, topics, sizes -----------------------------------------------------------------------

    static class NoName {
        @Ferry(app = "", topics = "in")
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_an_app_without_a_name() {
        assertThat(errorOf(NoName.class)).isEqualTo(where(NoName.class)
                + ": app is required: name the app, e.g. app = \"predict-foo\"");
    }

    static class UpperCaseName {
        @Ferry(app = "Predict Foo", topics = "in")
        static void run(List<String> events) {
        }
    }

    static class NameStartingWithDash {
        @Ferry(app = "-predict", topics = "in")
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_an_invalid_app_name_saying_which_characters_are_allowed() {
        assertThat(errorOf(UpperCaseName.class)).isEqualTo(where(UpperCaseName.class)
                + ": app 'Predict Foo' is not a valid app name: use lower-case letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit");
        assertThat(errorOf(NameStartingWithDash.class)).contains("app '-predict' is not a valid app name");
    }

    static class NoTopics {
        @Ferry(app = "no-topics", topics = {})
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_an_app_without_topics() {
        assertThat(errorOf(NoTopics.class)).isEqualTo(where(NoTopics.class)
                + ": topics is required: name at least one input topic, e.g. topics = \"client.signed_up\"");
    }

    static class TopicTwice {
        @Ferry(app = "twice", topics = {"a", "b", "a"})
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_an_input_topic_listed_twice() {
        assertThat(errorOf(TopicTwice.class)).isEqualTo(where(TopicTwice.class) + ": input topic 'a' is listed twice");
    }

    static class BadTopic {
        @Ferry(app = "bad-topic", topics = "client signed up!")
        static void run(List<String> events) {
        }
    }

    static class DotDotTopic {
        @Ferry(app = "dot-dot", topics = "..")
        static void run(List<String> events) {
        }
    }

    static class BlankTopic {
        @Ferry(app = "blank-topic", topics = " ")
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_an_input_topic_that_is_not_a_valid_kafka_topic_name() {
        assertThat(errorOf(BadTopic.class)).isEqualTo(where(BadTopic.class) + ": input topic 'client signed up!' is "
                + "not a valid Kafka topic name: use letters, digits, '.', '_' and '-'");
        assertThat(errorOf(DotDotTopic.class)).contains("input topic '..' is not a valid Kafka topic name");
        assertThat(errorOf(BlankTopic.class)).contains("input topic ' ' is not a valid Kafka topic name");
    }

    static class ZeroBatch {
        @Ferry(app = "zero-batch", topics = "in", batchSize = 0)
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_a_batch_size_of_zero() {
        assertThat(errorOf(ZeroBatch.class)).isEqualTo(where(ZeroBatch.class) + ": batchSize must be at least 1, got 0");
    }

    static class ZeroConsumers {
        @Ferry(app = "zero-consumers", topics = "in", consumers = 0)
        static void run(List<String> events) {
        }
    }

    static class TooConcurrent {
        @Ferry(app = "too-concurrent", topics = "in", concurrency = 1001)
        static void run(List<String> events) {
        }
    }

    static class Concurrent {
        @Ferry(app = "concurrent", topics = "in", concurrency = 8, delivery = Delivery.EXACTLY_ONCE)
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_a_concurrency_out_of_range() {
        assertThat(errorOf(TooConcurrent.class)).isEqualTo(where(TooConcurrent.class)
                + ": concurrency must be between 1 and 1000 (or 0, the default, to let the platform choose), got 1001");
    }

    @Test
    void reads_concurrency_and_delivery_leaving_them_to_the_platform_by_default() {
        AppDescriptor concurrent = AppDescriptor.of(Concurrent.class);
        assertThat(concurrent.concurrency()).isEqualTo(8);
        assertThat(concurrent.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        AppDescriptor plain = AppDescriptor.of(PlainApp.class);
        assertThat(plain.concurrency()).isZero();
        assertThat(plain.delivery()).isEqualTo(Delivery.PLATFORM);
    }

    static class PlainApp {
        @Ferry(app = "plain", topics = "in")
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_zero_consumers() {
        assertThat(errorOf(ZeroConsumers.class)).isEqualTo(where(ZeroConsumers.class)
                + ": consumers must be at least 1, got 0");
    }

    // --- outputs -----------------------------------------------------------------------------------

    static class OutputWithoutSchema {
        @Ferry(app = "no-schema", topics = "in", outputs = @Output(topic = "out"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_an_output_without_a_schema_showing_the_three_ways_to_give_one() {
        assertThat(errorOf(OutputWithoutSchema.class)).isEqualTo(where(OutputWithoutSchema.class)
                + ": output topic 'out' has no schema: give schema = YourEvent.class, payload = YourPayload.class "
                + "(for the standard envelope) or jsonSchema = \"schemas/out.json\" (schemaResource = "
                + "\"schemas/out.avsc\" for an Avro topic)");
    }

    static class SchemaAndPayload {
        @Ferry(app = "both", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class,
                payload = Prediction.class))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_an_output_with_both_schema_and_payload() {
        assertThat(errorOf(SchemaAndPayload.class)).isEqualTo(where(SchemaAndPayload.class)
                + ": output topic 'out' gives both schema and payload: use payload for an Envelope of that type, "
                + "or schema for the type itself");
    }

    static class JdkTypeAsSchema {
        @Ferry(app = "jdk-schema", topics = "in", outputs = @Output(topic = "out", schema = String.class))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_schema_type_that_is_not_the_authors_own() {
        assertThat(formatErrorOf(JdkTypeAsSchema.class)).isEqualTo(where(JdkTypeAsSchema.class)
                + ": output topic 'out': schema java.lang.String is not a record or bean type of yours");
    }

    static class MissingResource {
        @Ferry(app = "missing-resource", topics = "in", outputs = @Output(topic = "out",
                jsonSchema = "schemas/nowhere.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_json_schema_resource_that_is_not_on_the_classpath() {
        assertThat(errorOf(MissingResource.class)).isEqualTo(where(MissingResource.class)
                + ": output topic 'out': JSON Schema resource 'schemas/nowhere.json' was not found on the classpath "
                + "(put it under src/main/resources/schemas/nowhere.json)");
    }

    static class ResourceNotJson {
        @Ferry(app = "not-json", topics = "in", outputs = @Output(topic = "out", jsonSchema = "schemas/not-json.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_json_schema_resource_that_is_not_json() {
        assertThat(formatErrorOf(ResourceNotJson.class)).startsWith(where(ResourceNotJson.class)
                + ": output topic 'out': JSON Schema resource 'schemas/not-json.json' is not valid JSON: ");
    }

    static class ResourceNotObject {
        @Ferry(app = "array-schema", topics = "in", outputs = @Output(topic = "out", jsonSchema = "/schemas/array.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_json_schema_resource_that_is_not_a_json_object() {
        assertThat(formatErrorOf(ResourceNotObject.class)).isEqualTo(where(ResourceNotObject.class)
                + ": output topic 'out': JSON Schema resource '/schemas/array.json' is not a JSON object");
    }

    static class BadPattern {
        @Ferry(app = "bad-pattern", topics = "in", outputs = @Output(topic = "out", jsonSchema = "schemas/bad-pattern.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_json_schema_with_a_pattern_that_does_not_compile() {
        assertThat(formatErrorOf(BadPattern.class)).startsWith(where(BadPattern.class)
                + ": output topic 'out': the JSON Schema is invalid: ");
    }

    static class UnknownSchemaType {
        @Ferry(app = "unknown-type", topics = "in", outputs = @Output(topic = "out",
                jsonSchema = "schemas/unknown-type.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    /** A typo in a schema keyword's value must fail at start-up, not reject every event at run time. */
    @Test
    void rejects_a_json_schema_with_an_unknown_type_name() {
        assertThat(formatErrorOf(UnknownSchemaType.class)).startsWith(where(UnknownSchemaType.class)
                + ": output topic 'out': the JSON Schema is invalid: ");
    }

    static class DanglingRef {
        @Ferry(app = "dangling-ref", topics = "in", outputs = @Output(topic = "out",
                jsonSchema = "schemas/dangling-ref.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    /** A {@code $ref} to nothing must fail at start-up, not throw out of validation at run time. */
    @Test
    void rejects_a_json_schema_with_a_reference_that_does_not_resolve() {
        assertThat(formatErrorOf(DanglingRef.class)).startsWith(where(DanglingRef.class)
                + ": output topic 'out': the JSON Schema is invalid: ")
                .contains("$defs/missing");
    }

    static class OutputIsInput {
        @Ferry(app = "loop", topics = {"a", "b"}, outputs = @Output(topic = "b", schema = Prediction.class))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_an_output_topic_that_is_also_an_input_topic() {
        assertThat(errorOf(OutputIsInput.class)).isEqualTo(where(OutputIsInput.class)
                + ": output topic 'b' is also an input topic: the app would consume its own events forever");
    }

    static class OutputTwice {
        @Ferry(app = "out-twice", topics = "in", outputs = {
                @Output(topic = "out", schema = Prediction.class),
                @Output(topic = "out", jsonSchema = "schemas/score.json")})
        static Map<String, List<?>> run(List<String> events) {
            return Map.of();
        }
    }

    @Test
    void rejects_an_output_topic_declared_twice() {
        assertThat(errorOf(OutputTwice.class)).isEqualTo(where(OutputTwice.class)
                + ": output topic 'out' is declared twice");
    }

    static class BadOutputTopic {
        @Ferry(app = "bad-output", topics = "in", outputs = @Output(topic = "predict/foo", schema = Prediction.class))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_an_output_topic_that_is_not_a_valid_kafka_topic_name() {
        assertThat(errorOf(BadOutputTopic.class)).isEqualTo(where(BadOutputTopic.class)
                + ": output topic 'predict/foo' is not a valid Kafka topic name: use letters, digits, '.', '_' and '-'");
    }

    // --- versions ----------------------------------------------------------------------------------

    static class VersionedOutput {
        @Ferry(app = "versioned", topics = "in", outputs = {
                @Output(topic = "scored", payload = Prediction.class, version = "gbm-2026.11"),
                @Output(topic = "plain", payload = Prediction.class)})
        static Map<String, List<?>> run(List<String> events) {
            return Map.of();
        }
    }

    @Test
    void reads_the_version_of_an_outputs_envelopes_and_none_by_default() {
        AppDescriptor app = AppDescriptor.of(VersionedOutput.class);

        assertThat(app.output("scored").orElseThrow().version()).contains("gbm-2026.11");
        assertThat(app.output("plain").orElseThrow().version()).isEmpty();
    }

    static class VersionOfRecords {
        @Ferry(app = "version-of-records", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class,
                version = "2"))
        static List<Prediction> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void rejects_a_version_on_an_output_whose_events_are_not_envelopes() {
        assertThat(errorOf(VersionOfRecords.class)).isEqualTo(where(VersionOfRecords.class)
                + ": output topic 'out' has version '2', but its events are " + Prediction.class.getName()
                + " (schema), which have no metadata.version: declare payload = Prediction.class for the standard "
                + "envelope, or leave version out");
    }

    @Test
    void reads_an_outputs_version_from_a_descriptor_file_and_rejects_a_blank_one(@TempDir Path dir) throws Exception {
        String app = """
                app: versioned-file
                topics: [in]
                outputs:
                  - topic: scored
                    payload: %s
                    version: %s
                function: {runtime: java, class: %s, method: run}
                """;
        Path good = Files.writeString(dir.resolve("good.yaml"), app.formatted(Prediction.class.getName(), "\"3.1\"",
                VersionedOutput.class.getName()));
        Path blank = Files.writeString(dir.resolve("blank.yaml"), app.formatted(Prediction.class.getName(), "\" \"",
                VersionedOutput.class.getName()));

        assertThat(AppDescriptor.load(good, getClass().getClassLoader()).output("scored").orElseThrow().version())
                .contains("3.1");
        assertThat(catchThrowable(() -> AppDescriptor.load(blank, getClass().getClassLoader())))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage("app descriptor " + blank + ": output topic 'scored' has a blank version: name one, such "
                        + "as the model's version, or leave it out for \"1\"");
    }

    // --- derived schemas ---------------------------------------------------------------------------

    static class Enveloped {
        @Ferry(app = "enveloped", topics = "in", outputs = @Output(topic = "out", payload = Prediction.class))
        static List<Envelope<Prediction>> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void derives_the_envelope_schema_for_a_payload_type() throws Exception {
        OutputDescriptor out = AppDescriptor.of(Enveloped.class).outputs().get(0);

        assertThat(out.type()).isEmpty();
        assertThat(out.payloadType()).contains(Prediction.class.getName());
        assertThat(out.document()).isEmpty();
        OutputSchema derived = schemaOf(Enveloped.class, "out");
        assertThat(derived.format()).isEqualTo("json");
        assertThat(derived.language()).isEqualTo("json-schema");
        JsonNode schema = json(derived.document());
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(names(schema.path("properties"))).containsExactlyInAnyOrder("metadata", "payload");
        assertThat(texts(schema.path("required"))).containsExactlyInAnyOrder("metadata", "payload");
        assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
        assertThat(schema.path("additionalProperties").asBoolean()).isFalse();

        JsonNode metadata = schema.path("properties").path("metadata");
        assertThat(names(metadata.path("properties"))).containsExactlyInAnyOrder("timestamp", "id", "version");
        assertThat(texts(metadata.path("required"))).containsExactlyInAnyOrder("timestamp", "id", "version");
        assertThat(metadata.path("additionalProperties").asBoolean(true)).isFalse();
        metadata.path("properties").forEach(p -> assertThat(p.path("type").asText()).isEqualTo("string"));

        JsonNode payload = schema.path("properties").path("payload");
        assertThat(names(payload.path("properties"))).containsExactlyInAnyOrder("sensor", "score");
        assertThat(texts(payload.path("required"))).containsExactlyInAnyOrder("sensor", "score");
        assertThat(payload.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(payload.path("properties").path("score").path("type").asText()).isEqualTo("number");
    }

    @Test
    void derives_a_closed_schema_with_every_component_required_for_a_schema_type() throws Exception {
        OutputDescriptor out = AppDescriptor.of(Complete.class).outputs().get(0);

        JsonNode schema = json(schemaOf(Complete.class, "predict.foo").document());
        assertThat(names(schema.path("properties"))).containsExactlyInAnyOrder("sensor", "score");
        assertThat(texts(schema.path("required"))).containsExactlyInAnyOrder("sensor", "score");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(out.payloadType()).isEmpty();
    }

    static class TypeAndResource {
        @Ferry(app = "both-sources", topics = "in", outputs = @Output(topic = "out", schema = Reading.class,
                jsonSchema = "schemas/score.json"))
        static List<Object> run(List<String> events) {
            return List.of();
        }
    }

    @Test
    void requires_both_schemas_when_a_type_is_combined_with_a_resource() throws Exception {
        OutputDescriptor out = AppDescriptor.of(TypeAndResource.class).outputs().get(0);

        assertThat(out.type()).contains(Reading.class.getName());
        assertThat(out.document()).get().extracting(OutputDescriptor.SchemaDocument::source)
                .isEqualTo("schemas/score.json");
        JsonNode schema = json(schemaOf(TypeAndResource.class, "out").document());
        assertThat(schema.path("allOf")).hasSize(2);
        assertThat(names(schema.path("allOf").get(0).path("properties"))).containsExactlyInAnyOrder("sensor", "value");
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // --- parameter types ---------------------------------------------------------------------------

    @Nested
    class ParameterTypes {

        static final String ACCEPTED = ": take List<String> (raw JSON), List<Map<String, Object>>, List<YourRecord>, "
                + "List<JsonNode> or List<ObjectNode> (Jackson's tree), or List<InputEvent<...>> of one of those";

        static class ListOfObject {
            @Ferry(app = "objects", topics = "in")
            static void run(List<Object> events) {
            }
        }

        static class RawList {
            @Ferry(app = "raw", topics = "in")
            static void run(List events) {
            }
        }

        static class SetOfString {
            @Ferry(app = "set", topics = "in")
            static void run(Set<String> events) {
            }
        }

        static class ListOfInteger {
            @Ferry(app = "integers", topics = "in")
            static void run(List<Integer> events) {
            }
        }

        static class MapWithIntegerKeys {
            @Ferry(app = "int-keys", topics = "in")
            static void run(List<Map<Integer, Object>> events) {
            }
        }

        static class RawInputEvent {
            @Ferry(app = "raw-input-event", topics = "in")
            static void run(List<InputEvent> events) {
            }
        }

        static class TwoParameters {
            @Ferry(app = "two", topics = "in")
            static void run(List<String> events, String extra) {
            }
        }

        static class NoParameter {
            @Ferry(app = "none", topics = "in")
            static void run() {
            }
        }

        @Test
        void rejects_a_list_of_object() {
            assertThat(errorOf(ListOfObject.class)).isEqualTo(where(ListOfObject.class)
                    + ": unknown parameter type java.util.List<java.lang.Object>" + ACCEPTED);
        }

        @Test
        void rejects_a_raw_list() {
            assertThat(errorOf(RawList.class)).isEqualTo(where(RawList.class)
                    + ": unknown parameter type java.util.List" + ACCEPTED);
        }

        @Test
        void rejects_a_set() {
            assertThat(errorOf(SetOfString.class)).isEqualTo(where(SetOfString.class)
                    + ": unknown parameter type java.util.Set<java.lang.String>" + ACCEPTED);
        }

        @Test
        void rejects_a_list_of_a_jdk_type_other_than_string() {
            assertThat(errorOf(ListOfInteger.class)).isEqualTo(where(ListOfInteger.class)
                    + ": unknown parameter type java.util.List<java.lang.Integer>" + ACCEPTED);
        }

        @Test
        void rejects_maps_whose_keys_are_not_strings() {
            assertThat(errorOf(MapWithIntegerKeys.class)).startsWith(where(MapWithIntegerKeys.class)
                    + ": unknown parameter type java.util.List<java.util.Map<java.lang.Integer, java.lang.Object>>");
        }

        /**
         * A raw {@code InputEvent} says nothing about how to decode the value; it must not be taken
         * for the author's own record type (every event would then fail to decode at run time).
         */
        @Test
        void rejects_a_raw_input_event() {
            assertThat(errorOf(RawInputEvent.class)).startsWith(where(RawInputEvent.class)
                    + ": unknown parameter type java.util.List<dev.ferry.api.InputEvent>");
        }

        @Test
        void rejects_two_parameters() {
            assertThat(errorOf(TwoParameters.class)).isEqualTo(where(TwoParameters.class)
                    + ": the function must take exactly one parameter, a List of events (List<String>, "
                    + "List<Map<String, Object>>, List<YourRecord>, List<JsonNode> or List<InputEvent<...>>); it takes 2");
        }

        @Test
        void rejects_no_parameter() {
            assertThat(errorOf(NoParameter.class)).endsWith("; it takes 0");
        }

        static class Strings {
            @Ferry(app = "strings", topics = "in")
            static void run(List<String> events) {
            }
        }

        static class Maps {
            @Ferry(app = "maps", topics = "in")
            static void run(List<Map<String, Object>> events) {
            }
        }

        static class Records {
            @Ferry(app = "records", topics = "in")
            static void run(List<Reading> events) {
            }
        }

        static class WildcardRecords {
            @Ferry(app = "wildcard-records", topics = "in")
            static void run(List<? extends Reading> events) {
            }
        }

        static class WrappedRecords {
            @Ferry(app = "wrapped-records", topics = "in")
            static void run(List<InputEvent<Reading>> events) {
            }
        }

        static class WrappedStrings {
            @Ferry(app = "wrapped-strings", topics = "in")
            static void run(List<InputEvent<String>> events) {
            }
        }

        static class WrappedMaps {
            @Ferry(app = "wrapped-maps", topics = "in")
            static void run(List<InputEvent<Map<String, Object>>> events) {
            }
        }

        /** The type the Java runtime asks the input format to decode each event as. */
        private java.lang.reflect.Type inputTypeOf(Class<?> type) {
            AppDescriptor descriptor = AppDescriptor.of(type);
            var function = new dev.ferry.engine.internal.java.JavaFunctionRuntime().create(
                    new dev.ferry.engine.spi.FunctionContext(descriptor, 0, new dev.ferry.engine.spi.PluginContext(
                            descriptor, Guarantee.AT_LEAST_ONCE, Map.of(), Map.of())));
            return function.inputType();
        }

        @Test
        void accepts_a_list_of_strings_as_raw_json() {
            assertThat(inputTypeOf(Strings.class)).isEqualTo(String.class);
        }

        @Test
        void accepts_a_list_of_maps() {
            assertThat(inputTypeOf(Maps.class).getTypeName()).isEqualTo("java.util.Map<java.lang.String, java.lang.Object>");
        }

        @Test
        void accepts_a_list_of_the_authors_records() {
            assertThat(inputTypeOf(Records.class)).isEqualTo(Reading.class);
            assertThat(inputTypeOf(WildcardRecords.class)).isEqualTo(Reading.class);
        }

        @Test
        void accepts_input_events_of_records_strings_and_maps_decoding_their_values() {
            assertThat(inputTypeOf(WrappedRecords.class)).isEqualTo(Reading.class);
            assertThat(inputTypeOf(WrappedStrings.class)).isEqualTo(String.class);
            assertThat(inputTypeOf(WrappedMaps.class).getTypeName())
                    .isEqualTo("java.util.Map<java.lang.String, java.lang.Object>");
        }
    }

    // --- return types ------------------------------------------------------------------------------

    @Nested
    class ReturnTypes {

        static class VoidWithOutputs {
            @Ferry(app = "void-out", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class))
            static void run(List<String> events) {
            }
        }

        static class ListWithoutOutputs {
            @Ferry(app = "list-none", topics = "in")
            static List<Prediction> run(List<String> events) {
                return List.of();
            }
        }

        static class ListWithTwoOutputs {
            @Ferry(app = "list-two", topics = "in", outputs = {
                    @Output(topic = "a", schema = Prediction.class), @Output(topic = "b", schema = Reading.class)})
            static List<Object> run(List<String> events) {
                return List.of();
            }
        }

        static class MapWithoutOutputs {
            @Ferry(app = "map-none", topics = "in")
            static Map<String, List<?>> run(List<String> events) {
                return Map.of();
            }
        }

        static class ReturnsString {
            @Ferry(app = "string-out", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class))
            static String run(List<String> events) {
                return "";
            }
        }

        @Test
        void rejects_void_when_outputs_are_declared() {
            assertThat(errorOf(VoidWithOutputs.class)).isEqualTo(where(VoidWithOutputs.class)
                    + ": the function returns nothing but declares 1 output topic(s): return a List of events "
                    + "(one output) or a Map from topic to events");
        }

        @Test
        void rejects_a_list_without_outputs() {
            assertThat(errorOf(ListWithoutOutputs.class)).isEqualTo(where(ListWithoutOutputs.class)
                    + ": the function returns a List, which goes to the single output topic, but declares 0 outputs: "
                    + "declare one with outputs = @Output(topic = ..., schema = ...)");
        }

        @Test
        void rejects_a_list_with_two_outputs() {
            assertThat(errorOf(ListWithTwoOutputs.class)).isEqualTo(where(ListWithTwoOutputs.class)
                    + ": the function returns a List, which goes to the single output topic, but declares 2 outputs: "
                    + "return a Map<String, List<?>> from output topic to its events");
        }

        @Test
        void rejects_a_map_without_outputs() {
            assertThat(errorOf(MapWithoutOutputs.class)).isEqualTo(where(MapWithoutOutputs.class)
                    + ": the function returns a Map of events per topic but declares no output topics: declare them "
                    + "with outputs = @Output(topic = ..., schema = ...)");
        }

        @Test
        void rejects_any_other_return_type() {
            assertThat(errorOf(ReturnsString.class)).isEqualTo(where(ReturnsString.class)
                    + ": unknown return type java.lang.String: return void (nothing to emit), a List of events "
                    + "(one output topic) or a Map<String, List<?>> from output topic to its events, "
                    + "or a CompletableFuture of one of those (Void for nothing)");
        }

        static class AsyncList {
            @Ferry(app = "async-list", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class))
            static CompletableFuture<List<Prediction>> run(List<String> events) {
                return CompletableFuture.completedFuture(List.of());
            }
        }

        static class AsyncNothing {
            @Ferry(app = "async-nothing", topics = "in")
            static CompletionStage<Void> run(List<String> events) {
                return CompletableFuture.completedFuture(null);
            }
        }

        static class AsyncRaw {
            @SuppressWarnings("rawtypes")
            @Ferry(app = "async-raw", topics = "in")
            static CompletableFuture run(List<String> events) {
                return CompletableFuture.completedFuture(null);
            }
        }

        static class AsyncString {
            @Ferry(app = "async-string", topics = "in", outputs = @Output(topic = "out", schema = Prediction.class))
            static CompletableFuture<String> run(List<String> events) {
                return CompletableFuture.completedFuture("");
            }
        }

        @Test
        void accepts_a_future_of_a_list_or_of_nothing() {
            assertThat(AppDescriptor.of(AsyncList.class).outputs()).hasSize(1);
            assertThat(AppDescriptor.of(AsyncNothing.class).outputs()).isEmpty();
        }

        @Test
        void rejects_a_raw_future_or_a_future_of_another_type() {
            assertThat(errorOf(AsyncRaw.class)).isEqualTo(where(AsyncRaw.class) + ": the function returns a raw "
                    + "CompletableFuture: say what it completes with, e.g. CompletableFuture<List<YourRecord>> or "
                    + "CompletableFuture<Void>");
            assertThat(errorOf(AsyncString.class)).startsWith(where(AsyncString.class)
                    + ": unknown return type java.lang.String: ");
        }

        static class MapWithTwoOutputs {
            @Ferry(app = "map-two", topics = "in", outputs = {
                    @Output(topic = "a", schema = Prediction.class), @Output(topic = "b", schema = Reading.class)})
            static Map<String, List<?>> run(List<String> events) {
                return Map.of();
            }
        }

        @Test
        void accepts_void_a_list_and_a_map_with_the_outputs_they_need() {
            assertThat(AppDescriptor.of(Defaults.class).outputs()).isEmpty();
            assertThat(AppDescriptor.of(Complete.class).outputs()).hasSize(1);
            assertThat(AppDescriptor.of(MapWithTwoOutputs.class).outputs()).hasSize(2);
        }
    }

    // --- finding the method ------------------------------------------------------------------------

    static class NoFerryMethod {
        static void run(List<String> events) {
        }
    }

    @Test
    void rejects_a_class_without_a_ferry_method() {
        assertThat(errorOf(NoFerryMethod.class)).isEqualTo(NoFerryMethod.class.getName()
                + " has no method annotated with @Ferry: annotate the function to run, e.g. "
                + "@Ferry(app = \"hello-world\", topics = \"some.topic\")");
    }

    static class TwoApps {
        @Ferry(app = "beta", topics = "in")
        static void second(List<String> events) {
        }

        @Ferry(app = "alpha", topics = "in")
        static void first(List<String> events) {
        }
    }

    @Test
    void rejects_a_class_with_two_ferry_methods_naming_both_apps() {
        assertThat(errorOf(TwoApps.class)).isEqualTo(TwoApps.class.getName()
                + " has 2 @Ferry methods (alpha, beta): choose one by app name");
    }

    @Test
    void chooses_one_of_several_apps_by_name() {
        AppDescriptor beta = AppDescriptor.of(TwoApps.class, "beta");

        assertThat(beta.name()).isEqualTo("beta");
        assertThat(beta.function().setting("method")).isEqualTo("second");
        assertThat(AppDescriptor.of(TwoApps.class, "alpha").function().setting("method")).isEqualTo("first");
    }

    @Test
    void rejects_an_unknown_app_name_listing_the_known_ones() {
        Throwable thrown = catchThrowable(() -> AppDescriptor.of(TwoApps.class, "gamma"));

        assertThat(thrown).isInstanceOf(AppDefinitionException.class).hasMessage(TwoApps.class.getName()
                + " has no @Ferry app named 'gamma'; it has: alpha, beta");
    }

    @Test
    void rejects_a_method_that_is_not_annotated() throws Exception {
        Throwable thrown = catchThrowable(() -> AppDescriptor.of(NoFerryMethod.class.getDeclaredMethod("run", List.class)));

        assertThat(thrown).isInstanceOf(AppDefinitionException.class)
                .hasMessage(NoFerryMethod.class.getName() + "#run is not annotated with @Ferry");
    }

    @Test
    void lists_a_classs_ferry_methods_in_a_stable_order() {
        assertThat(AppDescriptor.ferryMethods(TwoApps.class)).extracting(m -> m.getName()).containsExactly("first", "second");
    }
}
