package dev.ferry.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.ferry.api.Envelope;
import dev.ferry.api.Output;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.OutputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an {@code @Output} into JSON Schema documents: generated from a record type (every
 * component required, no nulls, no extra fields), or read from a classpath resource. Each document
 * is compiled once here, so that a broken schema fails at start-up rather than on the first event.
 */
public final class SchemaSources {

    private SchemaSources() {
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

    /** Resolves one declared output. */
    public static OutputSpec resolve(Output o, Class<?> owner, String where) {
        String topic = o.topic();
        boolean hasType = o.schema() != void.class;
        boolean hasPayload = o.payload() != void.class;
        boolean hasResource = !o.jsonSchema().isBlank();
        if (hasType && hasPayload) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "' gives both schema and payload: "
                    + "use payload for an Envelope of that type, or schema for the type itself");
        }
        if (!hasType && !hasPayload && !hasResource) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "' has no schema: give schema = "
                    + "YourEvent.class, payload = YourPayload.class (for the standard envelope) or jsonSchema = "
                    + "\"schemas/" + topic + ".json\"");
        }
        List<String> schemas = new ArrayList<>();
        Optional<Class<?>> type = Optional.empty();
        Optional<Class<?>> payload = Optional.empty();
        if (hasType) {
            type = Optional.of(o.schema());
            schemas.add(generate(o.schema(), new Type[0], topic, where));
        }
        if (hasPayload) {
            type = Optional.of(Envelope.class);
            payload = Optional.of(o.payload());
            schemas.add(generate(Envelope.class, new Type[] {o.payload()}, topic, where));
        }
        if (hasResource) {
            schemas.add(load(o.jsonSchema(), owner, topic, where));
        }
        OutputSpec spec = new OutputSpec(topic, type, payload,
                hasResource ? Optional.of(o.jsonSchema()) : Optional.empty(), schemas);
        OutputValidator.compile(spec, where);
        return spec;
    }

    private static String generate(Class<?> type, Type[] args, String topic, String where) {
        if (type.isPrimitive() || type.isInterface() || type.getName().startsWith("java.")) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': schema " + type.getName()
                    + " is not a record or bean type of yours");
        }
        try {
            ObjectNode schema = Generator.INSTANCE.generateSchema(type, args);
            return Json.MAPPER.writeValueAsString(schema);
        } catch (RuntimeException | IOException e) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': cannot derive a JSON Schema from "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static String load(String resource, Class<?> owner, String topic, String where) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new AppDefinitionException(where + ": output topic '" + topic + "': JSON Schema resource '"
                        + resource + "' was not found on the classpath (put it under src/main/resources/" + path + ")");
            }
            JsonNode node = Json.MAPPER.readTree(in);
            if (node == null || !node.isObject()) {
                throw new AppDefinitionException(where + ": output topic '" + topic + "': JSON Schema resource '"
                        + resource + "' is not a JSON object");
            }
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': JSON Schema resource '"
                    + resource + "' is not valid JSON: " + Json.describe(e), e);
        }
    }
}
