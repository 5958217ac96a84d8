package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.api.Delivery;
import dev.ferry.api.Start;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an app descriptor from a YAML file, for apps without a {@code @Ferry} method (a function in
 * another runtime, or a Java method the author would rather not annotate). Strict: an unknown key is
 * an error naming it and the keys that are known, so a typo never silently falls back to a default.
 *
 * <pre>{@code
 * app: shout
 * topics: [words]
 * start: beginning
 * outputs:
 *   - topic: words.loud
 *     schema-file: schemas/words.loud.json
 * function:
 *   runtime: java
 *   class: com.acme.Shout
 *   method: shout
 * }</pre>
 */
final class DescriptorFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("app", "description", "owner", "topics", "input-format", "start",
            "batch-size", "consumers", "concurrency", "delivery", "outputs", "function");
    private static final Set<String> OUTPUT_KEYS = Set.of("topic", "format", "schema", "payload", "json-schema",
            "schema-resource", "schema-file", "version");

    private DescriptorFile() {
    }

    static AppDescriptor read(Path file, ClassLoader loader) {
        String where = "app descriptor " + file;
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AppDefinitionException(where + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new AppDefinitionException(where + ": must be a YAML mapping with at least app, topics and function");
        }
        checkKeys(root, KEYS, "", where);
        Path base = file.toAbsolutePath().getParent();
        AppDescriptor.Builder b = AppDescriptor.builder(text(root, "app", where, null))
                .origin(where)
                .classLoader(loader)
                .topics(strings(root.get("topics"), "topics", where))
                .inputFormat(text(root, "input-format", where, null))
                .description(text(root, "description", where, ""))
                .owner(text(root, "owner", where, ""));
        if (root.has("start")) {
            b.start(enumValue(Start.class, text(root, "start", where, null), "start", where));
        }
        if (root.has("delivery")) {
            b.delivery(enumValue(Delivery.class, text(root, "delivery", where, null), "delivery", where));
        }
        integer(root, "batch-size", where).ifPresent(b::batchSize);
        integer(root, "consumers", where).ifPresent(b::consumers);
        integer(root, "concurrency", where).ifPresent(b::concurrency);
        JsonNode outputs = root.get("outputs");
        if (outputs != null && !outputs.isNull()) {
            if (!outputs.isArray()) {
                throw new AppDefinitionException(where + ": outputs must be a list of {topic: ..., schema...}");
            }
            for (int i = 0; i < outputs.size(); i++) {
                b.output(output(outputs.get(i), "outputs[" + i + "]", base, loader, where));
            }
        }
        b.function(function(root.get("function"), where));
        return b.build();
    }

    private static OutputDescriptor output(JsonNode node, String path, Path base, ClassLoader loader, String where) {
        if (node == null || !node.isObject()) {
            throw new AppDefinitionException(where + ": " + path + " must be a mapping with topic and a schema");
        }
        checkKeys(node, OUTPUT_KEYS, path + ".", where);
        String topic = text(node, "topic", where + ": " + path, null);
        List<String> documents = new ArrayList<>();
        for (String key : List.of("json-schema", "schema-resource", "schema-file")) {
            if (node.hasNonNull(key)) {
                documents.add(key);
            }
        }
        if (documents.size() > 1) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "' gives " + String.join(" and ",
                    documents) + ": give one schema document");
        }
        Optional<OutputDescriptor.SchemaDocument> document = Optional.empty();
        if (!documents.isEmpty()) {
            String key = documents.get(0);
            String value = text(node, key, where + ": " + path, null);
            document = Optional.of(key.equals("schema-file") ? SchemaDocuments.file(value, base, topic, where)
                    : SchemaDocuments.resource(value, loader, topic, where));
        }
        return new OutputDescriptor(topic, Optional.ofNullable(text(node, "format", where, null)),
                Optional.ofNullable(text(node, "schema", where, null)),
                Optional.ofNullable(text(node, "payload", where, null)), document,
                Optional.ofNullable(text(node, "version", where, null)));
    }

    private static FunctionRef function(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null; // the builder says what is missing
        }
        if (!node.isObject()) {
            throw new AppDefinitionException(where + ": function must be a mapping, e.g. {runtime: java, class: "
                    + "com.acme.Predict, method: predict}");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new AppDefinitionException(where + ": function." + e.getKey() + " must be a single value");
            }
            settings.put(e.getKey(), e.getValue().asText());
        }
        String runtime = settings.remove("runtime");
        return new FunctionRef(runtime == null ? FunctionRef.JAVA : runtime, settings);
    }

    private static void checkKeys(JsonNode node, Set<String> known, String prefix, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new AppDefinitionException(where + ": unknown key '" + prefix + key + "'; known keys are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String key, String where, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new AppDefinitionException(where + ": " + key + " must be a single value, not a list or mapping");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode v, String key, String where) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return List.of(v.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode()) {
                throw new AppDefinitionException(where + ": " + key + " must be a list of names");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Optional<Integer> integer(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new AppDefinitionException(where + ": " + key + " must be a whole number, got '" + v.asText() + "'");
        }
        return Optional.of(v.intValue());
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String key, String where) {
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new AppDefinitionException(where + ": " + key + " '" + value + "' is not one of " + String.join(", ", known));
    }
}
