package dev.ferry.materialize;

import dev.ferry.engine.PlatformProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A materialization's YAML file, read and checked: the app's name, the topic, where its schema
 * comes from, the target's type, how events map to rows, and the target's own keys (not yet checked:
 * the target checks them, see {@link MaterializeTarget#check}). Immutable.
 *
 * @param name           the app's name ({@code materialize}, default {@code materialize-<topic>})
 * @param topic          the topic to materialize
 * @param file           the file, as messages name it
 * @param schemaFile     a JSON Schema file of the topic's events ({@code schema}), resolved against the
 *                       file's directory; empty to take the schema from the app that declares the topic
 * @param batchSize      events per batch, and so rows per database transaction ({@code batch-size})
 * @param targetType     the target's type ({@code target.type})
 * @param mapping        how events become rows
 * @param targetSettings the target's own keys under {@code target:}, as text
 */
public record MaterializeSpec(String name, String topic, String file, Optional<Path> schemaFile, int batchSize,
                              String targetType, RowMapping mapping, Map<String, String> targetSettings) {

    /** The default {@code batch-size}. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    /** Checks and freezes the parts. */
    public MaterializeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(schemaFile, "schemaFile");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(mapping, "mapping");
        targetSettings = Map.copyOf(targetSettings);
    }

    /**
     * Reads and checks a materialization's file.
     *
     * @throws MaterializeException naming the file, the key and the fix, if it is not a valid one
     */
    public static MaterializeSpec load(Path file) {
        return SpecFile.read(file);
    }

    /**
     * Whether a {@code .yaml} file is a materialization's (a top-level {@code materialize} or
     * {@code target} key) rather than an app descriptor, so that commands taking either can tell.
     */
    public static boolean isMaterializeFile(Path file) {
        return SpecFile.isMaterializeFile(file);
    }

    /**
     * The target's settings: the file's, and for each key the file leaves out, the profile's
     * {@code plugins.<type>.<key>}.
     */
    public TargetConfig targetConfig(PlatformProfile profile) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, String> fromProfile = profile.pluginSources(targetType);
        profile.pluginSettings(targetType).forEach((k, v) -> {
            values.put(k, v);
            sources.put(k, fromProfile.getOrDefault(k, "plugins." + targetType + "." + k));
        });
        targetSettings.forEach((k, v) -> {
            values.put(k, v);
            sources.put(k, "materialize file " + file + ": target." + k);
        });
        return new TargetConfig(targetType, values, sources, file);
    }
}
