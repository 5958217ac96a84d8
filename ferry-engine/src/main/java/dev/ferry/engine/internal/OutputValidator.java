package dev.ferry.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppSpec;
import dev.ferry.engine.OutputSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks emitted events against their output topic's JSON Schemas. Schemas are compiled once per
 * app; validation is thread-safe, so one validator serves all of an app's consumers.
 */
public final class OutputValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

    private final Map<String, List<Schema>> schemasByTopic;

    private OutputValidator(Map<String, List<Schema>> schemasByTopic) {
        this.schemasByTopic = schemasByTopic;
    }

    /** Compiles the schemas of every output of an app. */
    public static OutputValidator of(AppSpec spec) {
        Map<String, List<Schema>> byTopic = new HashMap<>();
        for (OutputSpec o : spec.outputs()) {
            byTopic.put(o.topic(), compile(o, "app '" + spec.name() + "'"));
        }
        return new OutputValidator(byTopic);
    }

    static List<Schema> compile(OutputSpec output, String where) {
        List<Schema> out = new ArrayList<>();
        for (String text : output.schemas()) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                List<String> problems = new ArrayList<>();
                for (Error e : metaSchemaOf(node).validate(node)) {
                    problems.add(e.toString());
                }
                if (!problems.isEmpty()) {
                    throw new AppDefinitionException(where + ": output topic '" + output.topic()
                            + "': the JSON Schema is invalid: " + String.join("; ", problems));
                }
                Schema schema = REGISTRY.getSchema(node);
                schema.initializeValidators();
                out.add(schema);
            } catch (AppDefinitionException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new AppDefinitionException(where + ": output topic '" + output.topic()
                        + "': the JSON Schema is invalid: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Schema metaSchemaOf(JsonNode schema) {
        SpecificationVersion version = SpecificationVersion.fromSchemaNode(schema).orElse(SpecificationVersion.DRAFT_2020_12);
        return REGISTRY.getSchema(SchemaLocation.of(version.getDialectId()));
    }

    /**
     * The violations of one event, each as {@code $.path: reason}; empty when it is valid. An
     * undeclared topic has no schemas and is reported by the caller.
     */
    public List<String> violations(String topic, JsonNode event) {
        List<String> found = new ArrayList<>();
        for (Schema schema : schemasByTopic.getOrDefault(topic, List.of())) {
            for (Error e : schema.validate(event)) {
                found.add(e.toString());
            }
        }
        return found;
    }
}
