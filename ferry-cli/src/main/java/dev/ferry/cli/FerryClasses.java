package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the classes of a jar or a classes directory that may hold a {@code @Ferry} method, without
 * loading every class: only a class file that mentions the annotation's type is a candidate.
 */
final class FerryClasses {

    private static final byte[] MARK = "Ldev/ferry/api/Ferry;".getBytes(StandardCharsets.UTF_8);

    private FerryClasses() {
    }

    /** Binary names of the candidate classes in a jar, sorted. */
    static List<String> inJar(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (isClass(entry.getName())) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (mentionsFerry(in.readAllBytes())) {
                            names.add(binaryName(entry.getName()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException(jar + " is not a readable jar: " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    /** Binary names of the candidate classes under a classes directory, sorted. */
    static List<String> inDirectory(Path dir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String relative = dir.relativize(f).toString().replace('\\', '/');
                if (Files.isRegularFile(f) && isClass(relative) && mentionsFerry(Files.readAllBytes(f))) {
                    names.add(binaryName(relative));
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read classes under " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    private static String binaryName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    static boolean mentionsFerry(byte[] bytes) {
        outer:
        for (int i = 0; i <= bytes.length - MARK.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (bytes[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
