package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An app ready to start: its spec, the class loader its classes came from, and the temporary
 * directory of a compiled source file; closing it releases both.
 *
 * @param spec      the app
 * @param origin    what it was loaded from, for messages ("Hello.java", "app.jar", a class name)
 * @param compileMs how long compiling took, or 0 when nothing was compiled
 */
record LoadedApp(AppDescriptor spec, String origin, long compileMs, URLClassLoader loader, Path tempDir)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // Only open jar handles are at stake; the process is ending or moving on.
        }
        if (tempDir != null) {
            deleteTree(tempDir);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
