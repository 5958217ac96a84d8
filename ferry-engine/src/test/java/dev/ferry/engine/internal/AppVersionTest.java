package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version an app announces: its jar's Implementation-Version. */
class AppVersionTest {

    /** A class with no dependencies, so it can be loaded from a jar with no parent loader. */
    public static final class Probe {
    }

    @TempDir
    Path dir;

    @Test
    void a_class_from_a_jar_has_the_jars_implementation_version() throws Exception {
        Class<?> probe = fromJar(jar("probe.jar", "1.4.2"));

        assertThat(probe.getClassLoader()).isNotSameAs(Probe.class.getClassLoader());
        assertThat(AppVersion.of(probe)).isEqualTo("1.4.2");
    }

    @Test
    void a_class_from_a_directory_or_a_jar_that_names_no_version_has_none() throws Exception {
        assertThat(AppVersion.of(Probe.class)).as("target/test-classes").isEmpty();
        assertThat(AppVersion.of(fromJar(jar("unversioned.jar", null)))).isEmpty();
    }

    private Path jar(String name, String version) throws IOException {
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        Path jar = dir.resolve(name);
        try (InputStream in = Probe.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static Class<?> fromJar(Path jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return Class.forName(Probe.class.getName(), false, loader);
    }
}
