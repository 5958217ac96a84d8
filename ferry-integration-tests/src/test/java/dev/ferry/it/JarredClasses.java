package dev.ferry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A test class packaged into a jar with a manifest and loaded from it, as an app's jar is: the jar's
 * loader defines that class itself (child first) and leaves every other class to the test's loader.
 */
final class JarredClasses {

    private JarredClasses() {
    }

    /** {@code type}, loaded anew from a jar in {@code dir} whose manifest's Implementation-Version is {@code version}. */
    static Class<?> fromJar(Class<?> type, String version, Path dir) {
        String entry = type.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve(type.getSimpleName() + "-" + version + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Class.forName(type.getName(), false, new ChildFirst(jar.toUri().toURL(), type.getName(),
                    type.getClassLoader()));
        } catch (ClassNotFoundException | MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defines one class from its jar; the parent everything else. */
    private static final class ChildFirst extends URLClassLoader {
        private final String name;

        ChildFirst(URL jar, String name, ClassLoader parent) {
            super(new URL[] {jar}, parent);
            this.name = name;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                return c != null ? c : findClass(className);
            }
        }
    }
}
