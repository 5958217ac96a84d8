package dev.ferry.materialize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A materialization as its function and its sink get it: the file (read again, so both see what
 * start-up checked), the schema text and where it came from, the target's settings as resolved
 * against the profile, dev mode and the work directory. Carried in the app descriptor's function
 * settings, so the engine's plug-ins (found with {@code ServiceLoader}, with no state of their own)
 * need nothing else.
 */
record Resolved(MaterializeSpec spec, String schemaText, String schemaSource, TargetConfig config, boolean devMode,
                Path workDir) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "target.";
    private static final String TARGET_SOURCE = "target-source.";

    Map<String, String> toSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("file", spec.file());
        s.put("schema", schemaText);
        s.put("schema-source", schemaSource);
        s.put("dev-mode", Boolean.toString(devMode));
        s.put("work-dir", workDir.toString());
        config.values().forEach((k, v) -> s.put(TARGET + k, v));
        config.sources().forEach((k, v) -> s.put(TARGET_SOURCE + k, v));
        return s;
    }

    static Resolved fromSettings(Map<String, String> s) {
        MaterializeSpec spec = MaterializeSpec.load(Path.of(s.get("file")));
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(TARGET)) {
                values.put(k.substring(TARGET.length()), v);
            } else if (k.startsWith(TARGET_SOURCE)) {
                sources.put(k.substring(TARGET_SOURCE.length()), v);
            }
        });
        return new Resolved(spec, s.get("schema"), s.get("schema-source"),
                new TargetConfig(spec.targetType(), values, sources, spec.file()), Boolean.parseBoolean(s.get("dev-mode")),
                Path.of(s.get("work-dir")));
    }

    TableSchema schema() {
        return SchemaColumns.derive(parse(schemaText, spec, schemaSource), spec, schemaSource);
    }

    TargetContext context(int consumer, Duration shutdownTimeout) {
        return new TargetContext(spec, schema(), config, consumer, devMode, workDir, shutdownTimeout);
    }

    static JsonNode parse(String schemaText, MaterializeSpec spec, String source) {
        try {
            return JSON.readTree(schemaText);
        } catch (JsonProcessingException e) {
            throw new MaterializeException("materialize file " + spec.file() + ": the schema of topic '" + spec.topic()
                    + "' (from " + source + ") is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
