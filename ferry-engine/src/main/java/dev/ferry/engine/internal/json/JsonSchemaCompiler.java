package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.ferry.engine.AppDefinitionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a JSON Schema document once, after checking it against its meta-schema, so that a broken
 * schema fails at start-up rather than on the first event. Compiled schemas validate from any thread.
 */
final class JsonSchemaCompiler {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

    private JsonSchemaCompiler() {
    }

    static Schema compile(String text, String where) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            List<String> problems = new ArrayList<>();
            for (Error e : metaSchemaOf(node).validate(node)) {
                problems.add(e.toString());
            }
            if (!problems.isEmpty()) {
                throw new AppDefinitionException(where + ": the JSON Schema is invalid: " + String.join("; ", problems));
            }
            Schema schema = REGISTRY.getSchema(node);
            schema.initializeValidators();
            return schema;
        } catch (AppDefinitionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AppDefinitionException(where + ": the JSON Schema is invalid: " + e.getMessage(), e);
        }
    }

    private static Schema metaSchemaOf(JsonNode schema) {
        SpecificationVersion version = SpecificationVersion.fromSchemaNode(schema).orElse(SpecificationVersion.DRAFT_2020_12);
        return REGISTRY.getSchema(SchemaLocation.of(version.getDialectId()));
    }
}
