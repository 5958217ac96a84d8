package dev.ferry.materialize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a table's columns from a topic's JSON Schema and the file's mapping: each top-level field
 * (or each of {@code target.fields}) is a column; a nested object is one JSON column or, flattened,
 * one column per leaf ({@code payload.client} is {@code payload_client}); the key column comes first.
 * Types: {@code string} is text, {@code integer} bigint, {@code number} double, {@code boolean}
 * boolean, anything else (an object, an array, a field of several types) JSON. Local {@code $ref}s are
 * followed; {@code null} among a field's types only makes it nullable (every column is).
 */
final class SchemaColumns {

    static final String EVENT_KEY_COLUMN = "event_key";

    private final JsonNode root;
    private final RowMapping mapping;
    private final String file;
    private final String topic;
    private final String source;
    private final Map<String, Column> columns = new LinkedHashMap<>();

    private SchemaColumns(JsonNode root, MaterializeSpec spec, String source) {
        this.root = root;
        this.mapping = spec.mapping();
        this.file = spec.file();
        this.topic = spec.topic();
        this.source = source;
    }

    /**
     * The table's schema.
     *
     * @throws MaterializeException if the schema is not of objects, or a key or field it names is not there
     */
    static TableSchema derive(JsonNode schema, MaterializeSpec spec, String source) {
        return new SchemaColumns(schema, spec, source).derive();
    }

    private TableSchema derive() {
        JsonNode top = resolve(root);
        if (!isObject(top)) {
            throw new MaterializeException("materialize file " + file + ": the schema of topic '" + topic + "' (from "
                    + source + ") does not describe JSON objects with properties, so it has no columns; materialize a "
                    + "topic of objects, or name a schema file with schema:");
        }
        Optional<String> key = mapping.key().map(this::keyColumn);
        if (mapping.fields().isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = top.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                add(List.of(e.getKey()), e.getValue(), "its schema");
            }
        } else {
            for (List<String> path : mapping.fields()) {
                add(path, at(path, "target.fields"), "target.fields");
            }
        }
        return new TableSchema(new ArrayList<>(columns.values()), key, source);
    }

    private String keyColumn(List<String> path) {
        if (path.isEmpty()) {
            columns.put(EVENT_KEY_COLUMN, new Column(EVENT_KEY_COLUMN, List.of(), ColumnType.TEXT));
            return EVENT_KEY_COLUMN;
        }
        ColumnType type = type(at(path, "target.key"));
        if (type == ColumnType.JSON || type == ColumnType.DOUBLE) {
            throw new MaterializeException("materialize file " + file + ": target.key: field '" + String.join(".", path)
                    + "' is " + type.expected() + " in the schema of topic '" + topic + "' (from " + source + "); a key "
                    + "must be a string, an integer or a boolean field, or " + RowMapping.EVENT_KEY);
        }
        String name = columnName(path);
        columns.put(name, new Column(name, path, type));
        return name;
    }

    private void add(List<String> path, JsonNode field, String from) {
        JsonNode f = resolve(field);
        if (mapping.nested() == RowMapping.Nested.FLATTEN && isObject(f) && f.path("properties").size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = f.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> child = new ArrayList<>(path);
                child.add(e.getKey());
                add(child, e.getValue(), from);
            }
            return;
        }
        String name = columnName(path);
        Column existing = columns.get(name);
        if (existing != null) {
            if (existing.path().equals(path)) {
                return; // the key column, already there
            }
            throw new MaterializeException("materialize file " + file + ": fields '" + existing.source() + "' and '"
                    + String.join(".", path) + "' of topic '" + topic + "' would both be column '" + name + "'; list the "
                    + "fields you want with target.fields");
        }
        columns.put(name, new Column(name, path, type(f)));
    }

    private JsonNode at(List<String> path, String key) {
        JsonNode node = resolve(root);
        for (String p : path) {
            JsonNode next = resolve(node).path("properties").get(p);
            if (next == null) {
                throw new MaterializeException("materialize file " + file + ": " + key + ": '" + String.join(".", path)
                        + "' is not a field of topic '" + topic + "' (schema from " + source + "); its fields there are "
                        + fieldNames(resolve(node)));
            }
            node = next;
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private ColumnType type(JsonNode field) {
        JsonNode f = resolve(field);
        JsonNode t = f.get("type");
        String single = null;
        if (t != null && t.isTextual()) {
            single = t.asText();
        } else if (t != null && t.isArray()) {
            List<String> types = new ArrayList<>();
            t.forEach(x -> {
                if (!x.asText().equals("null")) {
                    types.add(x.asText());
                }
            });
            single = types.size() == 1 ? types.get(0) : null;
        } else if (t == null) {
            for (String choice : List.of("anyOf", "oneOf")) {
                JsonNode options = f.get(choice);
                if (options != null && options.isArray()) {
                    List<JsonNode> nonNull = new ArrayList<>();
                    options.forEach(o -> {
                        if (!"null".equals(resolve(o).path("type").asText())) {
                            nonNull.add(o);
                        }
                    });
                    return nonNull.size() == 1 ? type(nonNull.get(0)) : ColumnType.JSON;
                }
            }
            if (f.has("enum") && allText(f.get("enum"))) {
                return ColumnType.TEXT;
            }
        }
        if (single == null) {
            return ColumnType.JSON;
        }
        return switch (single) {
            case "string" -> ColumnType.TEXT;
            case "integer" -> ColumnType.BIGINT;
            case "number" -> ColumnType.DOUBLE;
            case "boolean" -> ColumnType.BOOLEAN;
            default -> ColumnType.JSON;
        };
    }

    private static boolean allText(JsonNode values) {
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return values.size() > 0;
    }

    private boolean isObject(JsonNode f) {
        JsonNode t = f.get("type");
        return f.has("properties") || (t != null && t.asText().equals("object"));
    }

    /** Follows local {@code $ref}s ({@code #/$defs/X}, {@code #/definitions/X}). */
    private JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        for (int hops = 0; hops < 20 && n.has("$ref") && n.get("$ref").asText().startsWith("#"); hops++) {
            JsonNode target = root.at(n.get("$ref").asText().substring(1));
            if (target.isMissingNode()) {
                throw new MaterializeException("materialize file " + file + ": the schema of topic '" + topic
                        + "' (from " + source + ") refers to " + n.get("$ref").asText() + ", which it does not have");
            }
            n = target;
        }
        return n;
    }

    /** A field path as a column name: lower-case, joined with '_', anything but letters and digits as '_'. */
    static String columnName(List<String> path) {
        String joined = String.join("_", path).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }
}
