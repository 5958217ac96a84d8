package dev.ferry.materialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a materialization's YAML file into a {@link MaterializeSpec}, with a sentence for each mistake. */
final class SpecFile {

    static final Set<String> TOP_KEYS = Set.of("materialize", "topic", "schema", "batch-size", "target");
    static final Set<String> CORE_TARGET_KEYS = Set.of("type", "key", "fields", "nested", "max-column-bytes");

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,248}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String file;
    private final Path path;

    private SpecFile(Path path) {
        this.path = path;
        this.file = path.toString();
    }

    static MaterializeSpec read(Path path) {
        return new SpecFile(path).read();
    }

    /**
     * Whether a YAML file is meant as a materialization: a mapping with a top-level {@code materialize}
     * or {@code target} key, which an app descriptor never has. A file that is not YAML at all is not one.
     */
    static boolean isMaterializeFile(Path path) {
        try {
            JsonNode root = new YAMLMapper().readTree(Files.readString(path));
            return root != null && root.isObject() && (root.has("materialize") || root.has("target"));
        } catch (IOException e) {
            return false;
        }
    }

    private MaterializeSpec read() {
        JsonNode root = parse();
        unknownKeys(root, TOP_KEYS, "", "materialize, topic, schema, batch-size and target");
        String topic = text(root, "topic", true);
        if (!TOPIC.matcher(topic).matches()) {
            throw error("topic", "'" + topic + "' is not a Kafka topic name (letters, digits, '.', '_' and '-')");
        }
        String name = Optional.ofNullable(text(root, "materialize", false)).orElse("materialize-"
                + topic.toLowerCase(Locale.ROOT).replace('_', '-'));
        if (!APP_NAME.matcher(name).matches()) {
            throw error("materialize", "'" + name + "' is not an app name: use lower-case letters, digits, '.', '_' "
                    + "and '-', starting with a letter or digit");
        }
        Optional<Path> schema = Optional.ofNullable(text(root, "schema", false)).map(this::sibling);
        int batchSize = integer(root, "batch-size", MaterializeSpec.DEFAULT_BATCH_SIZE, 1, 100_000);
        JsonNode target = root.get("target");
        if (target == null || !target.isObject()) {
            throw error("target", target == null ? "missing: say where the rows go, e.g. target: {type: duckdb}"
                    : "must be a mapping of keys, e.g. target: {type: postgres, table: clicks}");
        }
        String type = text(target, "type", true, "target.");
        if (!TYPE.matcher(type).matches()) {
            throw error("target.type", "'" + type + "' is not a target type, such as postgres, duckdb or redis");
        }
        RowMapping mapping = new RowMapping(key(target), fields(target), nested(target),
                integer(target, "max-column-bytes", RowMapping.DEFAULT_MAX_COLUMN_BYTES, 1, Integer.MAX_VALUE,
                        "target."));
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = target.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (CORE_TARGET_KEYS.contains(e.getKey())) {
                continue;
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw error("target." + e.getKey(), "must be a single value, not " + describe(e.getValue()));
            }
            settings.put(e.getKey(), e.getValue().asText());
        }
        return new MaterializeSpec(name, topic, file, schema, batchSize, type, mapping, settings);
    }

    private JsonNode parse() {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new MaterializeException("materialize file " + file + " does not exist; write one naming the topic "
                    + "and the target (see docs/materialize.md)", e);
        } catch (IOException e) {
            throw new MaterializeException("materialize file " + file + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new MaterializeException("materialize file " + file + " is not valid YAML" + where + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MaterializeException("materialize file " + file + " must be a mapping of keys (topic, target, "
                    + "...), not " + (root == null ? "empty" : describe(root)));
        }
        return root;
    }

    private Optional<List<String>> key(JsonNode target) {
        String key = text(target, "key", false, "target.");
        if (key == null) {
            return Optional.empty();
        }
        if (key.equals(RowMapping.EVENT_KEY)) {
            return Optional.of(List.of());
        }
        return Optional.of(path(key, "target.key"));
    }

    private List<List<String>> fields(JsonNode target) {
        JsonNode fields = target.get("fields");
        if (fields == null) {
            return List.of();
        }
        if (!fields.isArray() || fields.isEmpty()) {
            throw error("target.fields", "must be a list of field paths, e.g. fields: [payload.client, "
                    + "payload.score]; leave it out for every field");
        }
        List<List<String>> out = new ArrayList<>();
        for (JsonNode f : fields) {
            if (!f.isTextual()) {
                throw error("target.fields", "every entry must be a field path, not " + describe(f));
            }
            out.add(path(f.asText(), "target.fields"));
        }
        return out;
    }

    private RowMapping.Nested nested(JsonNode target) {
        String nested = text(target, "nested", false, "target.");
        if (nested == null) {
            return RowMapping.Nested.JSON;
        }
        return switch (nested.toLowerCase(Locale.ROOT)) {
            case "json", "jsonb" -> RowMapping.Nested.JSON;
            case "flatten" -> RowMapping.Nested.FLATTEN;
            default -> throw error("target.nested", "'" + nested + "' is not json (one JSON column per nested "
                    + "object; jsonb is the same) or flatten (one column per leaf field)");
        };
    }

    private List<String> path(String text, String key) {
        List<String> parts = Arrays.asList(text.split("\\.", -1));
        for (String p : parts) {
            if (!FIELD.matcher(p).matches()) {
                throw error(key, "'" + text + "' is not a field path: field names joined with '.', such as "
                        + "payload.client" + (key.equals("target.key") ? ", or " + RowMapping.EVENT_KEY + " for the "
                        + "event's key" : ""));
            }
        }
        return parts;
    }

    private Path sibling(String name) {
        Path p = Path.of(name);
        Path dir = path.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    private void unknownKeys(JsonNode node, Set<String> known, String prefix, String list) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw error(prefix + k, "unknown key; the keys are " + list);
            }
        }
    }

    private String text(JsonNode node, String key, boolean required) {
        return text(node, key, required, "");
    }

    private String text(JsonNode node, String key, boolean required, String prefix) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw error(prefix + key, "missing" + (key.equals("topic") ? ": name the topic to materialize"
                        : key.equals("type") ? ": choose a target, such as postgres or duckdb" : ""));
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw error(prefix + key, "must be a non-empty text, not " + describe(v));
        }
        return v.asText().trim();
    }

    private int integer(JsonNode node, String key, int fallback, int min, int max) {
        return integer(node, key, fallback, min, max, "");
    }

    private int integer(JsonNode node, String key, int fallback, int min, int max, String prefix) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw error(prefix + key, describe(v) + " is not a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    }

    private MaterializeException error(String key, String message) {
        return new MaterializeException("materialize file " + file + ": " + key + ": " + message);
    }
}
