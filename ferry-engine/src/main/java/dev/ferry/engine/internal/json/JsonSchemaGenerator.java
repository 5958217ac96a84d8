package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import dev.ferry.engine.AppDefinitionException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Derives a JSON Schema from a record (or bean) type: every component required, no nulls, no extra
 * fields, so that what a topic's readers get is exactly what the type says.
 */
final class JsonSchemaGenerator {

    private JsonSchemaGenerator() {
    }

    /** Built on first use: an app whose outputs all name a JSON Schema document never loads the generator. */
    private static final class Generator {
        static final SchemaGenerator INSTANCE = generator();
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                Json.MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(new JacksonModule());
        config.forFields().withRequiredCheck(f -> f.getType().getErasedType() != Optional.class);
        return new SchemaGenerator(config.build());
    }

    /** The schema of {@code type} (with type arguments {@code args}), as JSON text. */
    static String generate(Class<?> type, Type[] args, String where) {
        if (type.isPrimitive() || type.isInterface() || type.getName().startsWith("java.")) {
            throw new AppDefinitionException(where + ": schema " + type.getName()
                    + " is not a record or bean type of yours");
        }
        try {
            ObjectNode schema = Generator.INSTANCE.generateSchema(type, args);
            return Json.MAPPER.writeValueAsString(schema);
        } catch (RuntimeException | IOException e) {
            throw new AppDefinitionException(where + ": cannot derive a JSON Schema from " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }
}
