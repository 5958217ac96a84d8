package dev.ferry.materialize;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A materialization ready to run: its file checked, the topic's schema found (the file's
 * {@code schema}, else the announcement of the app that writes the topic), the table's columns derived,
 * the target's settings checked, and the app it runs as. It runs as any app does, with
 * {@link FerryEngine#start}, so it has the engine's metrics, health, status reports, announcement,
 * poison policy and deployment: its function is the {@code materialize} runtime
 * ({@link MaterializeRuntime}), its write-back {@code materialize} ({@link MaterializeSinkProvider}),
 * and its guarantee the target's (exactly-once for PostgreSQL and DuckDB).
 */
public final class Materialization {

    private final MaterializeSpec spec;
    private final TableSchema schema;
    private final AppDescriptor descriptor;
    private final PlatformProfile profile;
    private final String destination;

    private Materialization(MaterializeSpec spec, TableSchema schema, AppDescriptor descriptor, PlatformProfile profile,
                            String destination) {
        this.spec = spec;
        this.schema = schema;
        this.descriptor = descriptor;
        this.profile = profile;
        this.destination = destination;
    }

    /**
     * Reads a file and prepares its materialization on a profile's cluster, with dev-mode files under
     * {@code .ferry} of the working directory.
     *
     * @throws MaterializeException naming the file, the key and the fix, if it cannot run as written
     */
    public static Materialization prepare(Path file, PlatformProfile profile) {
        return prepare(MaterializeSpec.load(file), profile, Path.of(".ferry"));
    }

    /**
     * Prepares a materialization: finds its target and the topic's schema and checks both.
     *
     * @param workDir where dev-mode files go (a DuckDB file with no {@code url}, say)
     * @throws MaterializeException naming the file, the key and the fix, if it cannot run as written
     */
    public static Materialization prepare(MaterializeSpec spec, PlatformProfile profile, Path workDir) {
        MaterializeTarget target = Targets.find(spec.targetType(), spec.file());
        checkKeys(spec, target);
        SchemaLookup.Found found = schema(spec, profile);
        TableSchema schema = SchemaColumns.derive(Resolved.parse(found.schema(), spec, found.source()), spec,
                found.source());
        TargetConfig config = spec.targetConfig(profile);
        Resolved resolved = new Resolved(spec, found.schema(), found.source(), config, profile.devMode(),
                workDir.toAbsolutePath());
        TargetContext context = resolved.context(0, profile.shutdownTimeout());
        target.check(context);
        String destination = target.destination(context);
        String output = (spec.targetType() + "." + destination).replaceAll("[^a-zA-Z0-9._-]", "_");
        AppDescriptor descriptor = AppDescriptor.builder(spec.name())
                .description("materializes topic '" + spec.topic() + "' into " + spec.targetType() + " '" + destination
                        + "'")
                .topics(spec.topic()).start(Start.BEGINNING).batchSize(spec.batchSize())
                .output(new OutputDescriptor(output, Optional.of(RowFormat.NAME), Optional.empty(), Optional.empty(),
                        Optional.of(new OutputDescriptor.SchemaDocument("materialize file " + spec.file(),
                                "{\"type\": \"object\"}"))))
                .function(new FunctionRef(MaterializeRuntime.NAME, resolved.toSettings()))
                .origin("materialize file " + spec.file())
                .classLoader(Materialization.class.getClassLoader())
                .build();
        String from = "materialize file " + spec.file() + " (target " + spec.targetType() + ")";
        PlatformProfile.Builder p = profile.toBuilder().set("write-back", MaterializeSinkProvider.NAME, from)
                .set("guarantee", target.guarantee().key(), from);
        if (target.guarantee() == Guarantee.EXACTLY_ONCE && profile.concurrency() > 1) {
            p.set("concurrency", "1", from); // one transaction per batch, in input order
        }
        return new Materialization(spec, schema, descriptor, p.build(), destination);
    }

    static void checkKeys(MaterializeSpec spec, MaterializeTarget target) {
        Set<String> known = new TreeSet<>(SpecFile.CORE_TARGET_KEYS);
        known.addAll(target.keys());
        for (String k : spec.targetSettings().keySet()) {
            if (!target.keys().contains(k)) {
                throw new MaterializeException("materialize file " + spec.file() + ": target." + k + ": unknown key for "
                        + "target " + spec.targetType() + "; its keys are " + String.join(", ", known));
            }
        }
    }

    private static SchemaLookup.Found schema(MaterializeSpec spec, PlatformProfile profile) {
        if (spec.schemaFile().isPresent()) {
            Path f = spec.schemaFile().get();
            try {
                return new SchemaLookup.Found(Files.readString(f), "schema file " + f);
            } catch (IOException e) {
                throw new MaterializeException("materialize file " + spec.file() + ": schema: cannot read " + f + ": "
                        + e.getMessage(), e);
            }
        }
        return SchemaLookup.find(spec.topic(), profile).orElseThrow(() -> new MaterializeException("materialize file "
                + spec.file() + ": no schema for topic '" + spec.topic() + "': no app announces it as an output on "
                + profile.announceTopic().map(t -> "topic '" + t + "'").orElse("an announcement topic (announce.topic is "
                + "off)") + "; start the app that writes it, or name a JSON Schema file with schema:"));
    }

    /** Starts it on the profile's cluster; see {@link FerryEngine#start}. */
    public RunningApp start() {
        return FerryEngine.start(descriptor, profile);
    }

    /** The file, read and checked. */
    public MaterializeSpec spec() {
        return spec;
    }

    /** The table's columns. */
    public TableSchema schema() {
        return schema;
    }

    /** The app it runs as. */
    public AppDescriptor descriptor() {
        return descriptor;
    }

    /** The profile it runs with: the given one with its write-back and guarantee. */
    public PlatformProfile profile() {
        return profile;
    }

    /** What the rows go to: the table or key prefix. */
    public String destination() {
        return destination;
    }
}
