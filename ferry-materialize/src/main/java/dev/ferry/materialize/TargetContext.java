package dev.ferry.materialize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link MaterializeTarget} is told: the materialization, the table's schema, its settings,
 * which consumer a writer is for, and where dev mode keeps local files.
 *
 * @param spec            the materialization's file
 * @param schema          the table's columns
 * @param config          the target's settings (the file's, then the profile's {@code plugins.<type>.*})
 * @param consumer        the consumer's index, from 0 (0 in {@link MaterializeTarget#check})
 * @param devMode         whether the app runs in dev mode (a target may then default to a local file)
 * @param workDir         the directory dev-mode files go under ({@code .ferry} of the working directory)
 * @param shutdownTimeout how long a stop waits; a writer's close should take no longer
 */
public record TargetContext(MaterializeSpec spec, TableSchema schema, TargetConfig config, int consumer,
                            boolean devMode, Path workDir, Duration shutdownTimeout) {

    /** Checks that nothing is null. */
    public TargetContext {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    /** The app's name. */
    public String app() {
        return spec.name();
    }
}
