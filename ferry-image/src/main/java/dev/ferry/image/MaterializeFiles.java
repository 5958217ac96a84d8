package dev.ferry.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files a materialization's image carries instead of an app's jar: its YAML file, as the image
 * runs it ({@code schema:} already naming the schema's place in the image), and the JSON Schema file
 * it names, if any. They go to {@value ImageLayout#MATERIALIZE_DIR}.
 *
 * @param file   the YAML file to put into the image, under its own file name
 * @param schema the schema file, put at {@link ImageLayout#materializeSchemaPath}
 */
public record MaterializeFiles(Path file, Optional<Path> schema) {

    /** Checks that the file is there. */
    public MaterializeFiles {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(schema, "schema");
    }

    /** Where the YAML file is in the image. */
    public String filePath() {
        return ImageLayout.MATERIALIZE_DIR + "/" + file.getFileName();
    }
}
