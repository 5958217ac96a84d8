package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.ferry.api.Envelope;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.WriterContext;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates and encodes one output topic's JSON events: each value becomes a JSON tree (directly
 * for maps and lists, by Jackson for records; a JSON string is parsed and written back byte for
 * byte), is checked against every JSON Schema of the topic, and is written as UTF-8 JSON.
 *
 * <p>A map or list goes a fast path first when every schema of the topic compiled into a
 * {@link CompiledJsonSchema}: checked by walking the value itself and written straight to bytes by
 * {@link PlainJsonWriter}, with no tree. That path only ever accepts; an event it does not accept
 * for sure (invalid, or not plain JSON data) takes the tree path, so an invalid event's errors are
 * networknt's, as they always were, and the bytes of a valid one are the same either way.
 */
final class JsonOutputCodec implements OutputCodec {

    private final List<Schema> schemas;
    /** The schemas compiled for the fast path, or null if any of them is outside its subset. */
    private final List<CompiledJsonSchema> compiled;
    private final OutputSchema schema;

    private JsonOutputCodec(List<Schema> schemas, List<CompiledJsonSchema> compiled, OutputSchema schema) {
        this.schemas = schemas;
        this.compiled = compiled;
        this.schema = schema;
    }

    /** The codec of one output: its schemas derived or read, and compiled, now. */
    static JsonOutputCodec of(WriterContext context) {
        String where = context.where();
        OutputDescriptor output = context.output();
        List<String> documents = new ArrayList<>();
        context.type().ifPresent(type -> {
            documents.add(JsonSchemaGenerator.generate(type, new Type[0], where));
            resolveSerializer(type, null);
        });
        context.payloadType().ifPresent(payload -> {
            documents.add(JsonSchemaGenerator.generate(Envelope.class, new Type[] {payload}, where));
            resolveSerializer(Envelope.class, payload);
        });
        output.document().ifPresent(d -> documents.add(read(d, where)));
        List<Schema> compiled = new ArrayList<>();
        List<CompiledJsonSchema> fast = new ArrayList<>();
        for (String d : documents) {
            compiled.add(JsonSchemaCompiler.compile(d, where));
            CompiledJsonSchema.of(parse(d)).ifPresentOrElse(fast::add, () -> fast.add(null));
        }
        return new JsonOutputCodec(List.copyOf(compiled), fast.contains(null) ? null : List.copyOf(fast),
                new OutputSchema(JsonFormat.NAME, "json-schema",
                        documents.size() == 1 ? documents.get(0) : allOf(documents)));
    }

    private static JsonNode parse(String document) {
        try {
            return Json.MAPPER.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException("a schema compiled a moment ago no longer parses", e);
        }
    }

    /**
     * Has Jackson build the serializer of a declared output type now, once: left to the first batch,
     * every call running at once (with {@code concurrency}) would build it side by side.
     */
    private static void resolveSerializer(Class<?> type, Class<?> payload) {
        TypeFactory types = Json.MAPPER.getTypeFactory();
        Json.MAPPER.writerFor(payload == null ? types.constructType(type) : types.constructParametricType(type, payload));
    }

    private static String read(OutputDescriptor.SchemaDocument document, String where) {
        String label = document.source().startsWith("file:")
                ? "JSON Schema file '" + document.source().substring("file:".length())
                : "JSON Schema resource '" + document.source();
        try {
            JsonNode node = Json.MAPPER.readTree(document.text());
            if (node == null || !node.isObject()) {
                throw new AppDefinitionException(where + ": " + label + "' is not a JSON object");
            }
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new AppDefinitionException(where + ": " + label + "' is not valid JSON: "
                    + Json.describe(e), e);
        }
    }

    private static String allOf(List<String> documents) {
        ObjectNode all = Json.MAPPER.createObjectNode();
        ArrayNode parts = all.putArray("allOf");
        for (String d : documents) {
            try {
                parts.add(Json.MAPPER.readTree(d));
            } catch (IOException e) {
                throw new IllegalStateException("a schema compiled a moment ago no longer parses", e);
            }
        }
        return all.toString();
    }

    @Override
    public OutputSchema schema() {
        return schema;
    }

    @Override
    public byte[] encode(Object value) throws FormatException {
        if (compiled != null && (value instanceof Map<?, ?> || value instanceof Collection<?>) && acceptedByAll(value)) {
            byte[] bytes = writePlain(value);
            if (bytes != null) {
                return bytes;
            }
        }
        JsonNode tree = toTree(value);
        List<String> violations = null;
        for (Schema s : schemas) {
            List<Error> errors;
            try {
                errors = s.validate(tree);
            } catch (RuntimeException e) {
                throw new FormatException("cannot be validated: " + e, e);
            }
            for (Error e : errors) {
                if (violations == null) {
                    violations = new ArrayList<>();
                }
                violations.add(e.toString());
            }
        }
        if (violations != null) {
            throw new FormatException(String.join("; ", violations));
        }
        return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : write(tree);
    }

    private boolean acceptedByAll(Object value) {
        for (CompiledJsonSchema c : compiled) {
            if (!c.accepts(value)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of a valid value, or null if some part of it is not plain JSON data (the tree path decides). */
    private static byte[] writePlain(Object value) throws FormatException {
        try {
            return PlainJsonWriter.write(value);
        } catch (IOException e) {
            throw new FormatException("cannot be written as JSON: " + Json.describe(e), e);
        }
    }

    private static JsonNode toTree(Object value) throws FormatException {
        try {
            if (value instanceof String s) {
                JsonNode node = Json.MAPPER.readTree(s);
                if (node == null || node.isMissingNode()) {
                    throw new FormatException("is not valid JSON: it is empty");
                }
                return node;
            }
            if (value instanceof JsonNode n) {
                return n;
            }
            return JsonTrees.of(value);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new FormatException("is not " + (value instanceof String ? "valid JSON" : "convertible to JSON") + ": "
                    + Json.describe(e), e);
        }
    }

    private static byte[] write(JsonNode tree) throws FormatException {
        try {
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new FormatException("cannot be written as JSON: " + Json.describe(e), e);
        }
    }
}
