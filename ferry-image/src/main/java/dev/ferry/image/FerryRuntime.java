package dev.ferry.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Ferry's own runtime as it goes into an image: the runnable {@code ferry-cli.jar} and the libraries
 * its manifest's {@code Class-Path} names, taken from the Ferry that packages the app so that the
 * image runs the same Ferry.
 *
 * <p>A library the manifest's {@value #IMAGE_EXCLUDES} attribute names (space-separated file name
 * prefixes, such as {@code duckdb_jdbc-}) stays out: Ferry's command ships it for local use, and
 * it is too big for every image to carry (DuckDB's driver is 85 MB; a deployed materializer
 * writes to a database server). An app that needs one in its image names it as its own dependency.
 *
 * @param cliJar    the runnable jar whose {@code Main-Class} is Ferry's command
 * @param libraries the jars its manifest names, in the manifest's order
 * @param version   Ferry's version, from the manifest's {@code Implementation-Version}
 */
public record FerryRuntime(Path cliJar, List<Path> libraries, String version) {

    /** The manifest attribute naming the libraries that stay out of images, by file name prefix. */
    public static final String IMAGE_EXCLUDES = "Ferry-Image-Excludes";

    /** Copies the list. */
    public FerryRuntime {
        libraries = List.copyOf(libraries);
    }

    /** The runtime of a runnable jar: it and every library its manifest's {@code Class-Path} names, which must exist. */
    public static FerryRuntime ofJar(Path cliJar) {
        if (!Files.isRegularFile(cliJar)) {
            throw new ImageException("Ferry's runtime jar " + cliJar + " does not exist");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(cliJar.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new ImageException("cannot read Ferry's runtime jar " + cliJar + ": " + e.getMessage(), e);
        }
        Attributes main = manifest == null ? null : manifest.getMainAttributes();
        if (main == null || main.getValue(Attributes.Name.MAIN_CLASS) == null) {
            throw new ImageException(cliJar + " is not Ferry's runnable jar: its manifest names no Main-Class");
        }
        List<Path> libs = new ArrayList<>();
        String classPath = main.getValue(Attributes.Name.CLASS_PATH);
        Path dir = cliJar.toAbsolutePath().getParent();
        String excludes = main.getValue(IMAGE_EXCLUDES);
        List<String> excluded = excludes == null || excludes.isBlank() ? List.of()
                : List.of(excludes.trim().split("\\s+"));
        for (String entry : classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
            String fileName = entry.substring(entry.lastIndexOf('/') + 1);
            if (entry.isEmpty() || excluded.stream().anyMatch(fileName::startsWith)) {
                continue;
            }
            Path lib = dir.resolve(entry).normalize();
            if (!Files.isRegularFile(lib)) {
                throw new ImageException("Ferry's runtime is incomplete: " + cliJar.getFileName() + " names " + entry
                        + " in its Class-Path, and " + lib + " does not exist");
            }
            libs.add(lib);
        }
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        return new FerryRuntime(cliJar.toAbsolutePath(), libs, version == null ? "unknown" : version);
    }
}
