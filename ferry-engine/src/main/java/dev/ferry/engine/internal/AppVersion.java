package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version of an app's code, for its announcement: the {@code Implementation-Version} of the jar
 * its function's class was loaded from (a project made by {@code ferry new} writes its POM version
 * there). Empty when it is not known: a class from a directory ({@code target/classes}), a jar with
 * no such entry, or a function runtime that names no Java class.
 */
final class AppVersion {

    private AppVersion() {
    }

    /** The version of {@code app}'s function's code, or empty. */
    static String of(AppDescriptor app) {
        String className = FunctionRef.JAVA.equals(app.function().runtime()) ? app.function().setting("class") : null;
        if (className == null) {
            return "";
        }
        try {
            return of(Class.forName(className, false, app.classLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return "";
        }
    }

    /** The {@code Implementation-Version} of the jar {@code type} was loaded from, or empty. */
    static String of(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v.strip();
        }
        return fromCodeSource(type);
    }

    private static String fromCodeSource(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return "";
            }
            Path path = Path.of(location.toURI());
            if (!Files.isRegularFile(path)) {
                return "";
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                Manifest m = jar.getManifest();
                String v = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                return v == null ? "" : v.strip();
            }
        } catch (java.io.IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return "";
        }
    }
}
