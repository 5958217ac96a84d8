package dev.ferry.materialize;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A target's own settings: the keys under {@code target:} in the materialization's file that the
 * core does not read ({@code url}, {@code table}, ...), and for any key the file leaves out, the
 * platform profile's {@code plugins.<type>.<key>} (so that credentials and addresses can come from the
 * profile or the environment, {@code FERRY_PLUGINS_POSTGRES_PASSWORD}, and not from the file). Each
 * value knows where it came from, so that a target's error names the file or variable and the key.
 */
public final class TargetConfig {

    private final String type;
    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final String file;

    /**
     * @param type    the target's type, such as {@code postgres}
     * @param values  the settings by key (without {@code target.})
     * @param sources where each came from, by key, such as {@code materialize file m.yaml: target.url}
     * @param file    the materialization's file, which messages about a key that is not set name
     */
    public TargetConfig(String type, Map<String, String> values, Map<String, String> sources, String file) {
        this.type = type;
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
        this.file = file;
    }

    /** The target's type. */
    public String type() {
        return type;
    }

    /** Every setting, by key. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }

    /** Where each setting came from, by key. */
    public Map<String, String> sources() {
        return new TreeMap<>(sources);
    }

    /** A setting, if it is set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A setting, or {@code fallback}. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** Where a setting came from (or would: the file's {@code target.<key>}), for messages. */
    public String where(String key) {
        return sources.getOrDefault(key, "materialize file " + file + ": target." + key);
    }

    /**
     * A setting that must be one of {@code choices} (compared without case), or {@code fallback} if unset.
     *
     * @throws MaterializeException naming the key and the choices, if it is another
     */
    public String choice(String key, String fallback, String... choices) {
        String v = get(key, fallback).trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(choices).contains(v)) {
            throw error(key, "'" + get(key, fallback) + "' is not one of " + String.join(", ", choices));
        }
        return v;
    }

    /**
     * A whole-number setting within bounds, or {@code fallback} if unset.
     *
     * @throws MaterializeException naming the key and the bounds, if it is not one
     */
    public int integer(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key, "'" + v + "' is not a whole number from " + min + " to " + max);
    }

    /** An error about one setting: {@code <where>: <message>}. */
    public MaterializeException error(String key, String message) {
        return new MaterializeException(where(key) + ": " + message);
    }
}
