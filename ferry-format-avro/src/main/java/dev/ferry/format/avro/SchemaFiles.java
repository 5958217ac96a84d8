package dev.ferry.format.avro;

import dev.ferry.engine.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Reads the setting {@code plugins.avro.schemas}: a comma-separated list of {@code .avsc} files and
 * directories (searched recursively for {@code *.avsc}), relative to the working directory. Each file
 * is parsed on its own, so that two versions of one record may both be known; a file must therefore
 * define every type it uses.
 */
final class SchemaFiles {

    private SchemaFiles() {
    }

    /**
     * The schemas the setting names, in the order given (a directory's files by path).
     *
     * @param setting the setting's value
     * @param source  where it came from, such as {@code platform profile ferry.yaml: plugins.avro.schemas}
     * @throws ProfileException naming the source and the path, if a path is missing or a file is not a schema
     */
    static List<Schema> read(String setting, String source) {
        List<Schema> out = new ArrayList<>();
        for (String entry : setting.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            for (Path file : files(name, source)) {
                out.add(parse(file, source));
            }
        }
        return out;
    }

    private static List<Path> files(String name, String source) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ProfileException(source + ": '" + name + "' is not a valid path: " + e.getMessage());
        }
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new ProfileException(source + ": '" + name + "' does not exist (looked for "
                    + path.toAbsolutePath().normalize() + "); name .avsc files or directories of them, comma-separated");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> found = walk.filter(p -> p.getFileName().toString().endsWith(".avsc") && Files.isRegularFile(p))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new ProfileException(source + ": directory '" + name + "' has no .avsc files");
            }
            return found;
        } catch (IOException e) {
            throw new ProfileException(source + ": cannot list directory '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Schema parse(Path file, String source) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ProfileException(source + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
        try {
            return AvroDocuments.parse(text);
        } catch (AvroDocuments.InvalidSchemaException e) {
            throw new ProfileException(source + ": '" + file + "' is not a valid Avro schema: " + e.getMessage(), e);
        }
    }
}
