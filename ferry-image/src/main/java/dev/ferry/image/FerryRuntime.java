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
 * @param cliJar    the runnable jar whose {@code Main-Class} is Ferry's command
 * @param libraries the jars its manifest names, in the manifest's order
 * @param version   Ferry's version, from the manifest's {@code Implementation-Version}
 */
public record FerryRuntime(Path cliJar, List<Path> libraries, String version) {

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
        for (String entry : classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
            if (entry.isEmpty()) {
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
