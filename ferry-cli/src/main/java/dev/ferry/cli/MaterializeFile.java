package dev.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.image.ImageLayout;
import dev.ferry.image.MaterializeFiles;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.MaterializeSpec;
import dev.ferry.materialize.ShippedMaterialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A materialization file given to {@code ferry package} or {@code ferry deploy} in place of an app:
 * told apart from an app descriptor by its top-level {@code materialize} or {@code target} key,
 * checked with the file's own messages before anything is built or applied, and made into the
 * files its image carries.
 */
final class MaterializeFile {

    private MaterializeFile() {
    }

    /** Whether TARGET names a materialization's {@code .yaml} file. */
    static boolean is(String target, Path workDir) {
        if (target == null || !(target.endsWith(".yaml") || target.endsWith(".yml"))) {
            return false;
        }
        Path file = workDir.resolve(target);
        return Files.isRegularFile(file) && MaterializeSpec.isMaterializeFile(file);
    }

    /** The file, read and checked for shipping: its app and the profile its pods run with. */
    static ShippedMaterialization load(String target, Path workDir, PlatformProfile profile) {
        try {
            return ShippedMaterialization.of(MaterializeSpec.load(workDir.resolve(target)), profile);
        } catch (MaterializeException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /**
     * The files the image carries, written under {@code outputDir/materialize}: the YAML file as it is,
     * or, when it names a schema file, with {@code schema:} naming the schema's place in the image, and
     * a copy of that schema file.
     */
    static MaterializeFiles imageFiles(ShippedMaterialization m, String target, Path workDir, Path outputDir) {
        Path copy = copyOf(target, workDir, outputDir);
        try {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, rendered(m, workDir.resolve(target)));
            if (m.spec().schemaFile().isEmpty()) {
                return new MaterializeFiles(copy, Optional.empty());
            }
            Path schema = schemaCopy(m, copy);
            Files.createDirectories(schema.getParent());
            Files.copy(m.spec().schemaFile().get(), schema, StandardCopyOption.REPLACE_EXISTING);
            return new MaterializeFiles(copy, Optional.of(schema));
        } catch (IOException e) {
            throw new CliException("cannot write " + copy + " for the image: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to deploy the image {@code ferry package} built when the file (or its schema file) changed
     * since: the image carries the file, so its pods would run the old one.
     */
    static void checkPackaged(ShippedMaterialization m, String target, Path workDir, Path outputDir) {
        Path copy = copyOf(target, workDir, outputDir);
        if (!Files.isRegularFile(copy)) {
            return;
        }
        try {
            boolean same = Files.readString(copy).equals(rendered(m, workDir.resolve(target)));
            if (same && m.spec().schemaFile().isPresent()) {
                Path schema = schemaCopy(m, copy);
                same = Files.isRegularFile(schema)
                        && Files.mismatch(schema, m.spec().schemaFile().get()) == -1L;
            }
            if (!same) {
                throw new CliException(target + (m.spec().schemaFile().isPresent() ? " or its schema file " : " ")
                        + "changed since ferry package put it into the image " + ImageReference.IMAGE_FILE + " names, "
                        + "whose pods would run the old one: run ferry package " + target + " again (or pass --image)");
            }
        } catch (IOException e) {
            throw new CliException("cannot compare " + target + " with " + copy + ": " + e.getMessage(), e);
        }
    }

    private static Path copyOf(String target, Path workDir, Path outputDir) {
        return outputDir.resolve("materialize").resolve(workDir.resolve(target).getFileName());
    }

    private static Path schemaCopy(ShippedMaterialization m, Path copy) {
        return copy.resolveSibling(ImageLayout.materializeSchemaReference(m.spec().schemaFile().get()));
    }

    private static String rendered(ShippedMaterialization m, Path source) throws IOException {
        if (m.spec().schemaFile().isEmpty()) {
            return Files.readString(source);
        }
        Path schema = m.spec().schemaFile().get();
        if (!Files.isRegularFile(schema)) {
            throw new CliException("materialize file " + m.spec().file() + ": schema: " + schema + " does not exist; "
                    + "the image carries the schema file the file names");
        }
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(source.toFile());
        root.put("schema", ImageLayout.materializeSchemaReference(schema));
        return "# " + source.getFileName() + " as ferry package put it into the image: its schema file is in "
                + "schema/\n" + yaml.writeValueAsString(root);
    }
}
