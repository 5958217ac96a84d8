package dev.ferry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of Ferry's own jars go into an image: those the CLI's manifest names, less those it keeps out. */
class FerryRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void the_libraries_of_the_manifest_go_in_but_those_it_keeps_out_of_images() throws IOException {
        Path cli = cliJar("lib/ferry-engine-1.jar lib/duckdb_jdbc-1.5.6.0.jar lib/jackson-databind-2.jar", "duckdb_jdbc-",
                "lib/ferry-engine-1.jar", "lib/duckdb_jdbc-1.5.6.0.jar", "lib/jackson-databind-2.jar");

        FerryRuntime runtime = FerryRuntime.ofJar(cli);

        assertThat(runtime.libraries()).extracting(p -> p.getFileName().toString())
                .containsExactly("ferry-engine-1.jar", "jackson-databind-2.jar");
        assertThat(runtime.version()).isEqualTo("0.1.0");
    }

    @Test
    void a_kept_out_library_need_not_exist_but_every_other_one_must() throws IOException {
        Path cli = cliJar("lib/ferry-engine-1.jar lib/duckdb_jdbc-1.5.6.0.jar", "duckdb_jdbc-", "lib/ferry-engine-1.jar");
        assertThat(FerryRuntime.ofJar(cli).libraries()).hasSize(1);

        Path broken = cliJar("lib/ferry-engine-1.jar lib/missing-1.jar", null, "lib/ferry-engine-1.jar");
        assertThatThrownBy(() -> FerryRuntime.ofJar(broken)).isInstanceOf(ImageException.class)
                .hasMessageContaining("names lib/missing-1.jar in its Class-Path");
    }

    private Path cliJar(String classPath, String excludes, String... present) throws IOException {
        Path home = Files.createTempDirectory(dir, "ferry");
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, "dev.ferry.cli.FerryCommand");
        a.put(Attributes.Name.CLASS_PATH, classPath);
        a.put(Attributes.Name.IMPLEMENTATION_VERSION, "0.1.0");
        if (excludes != null) {
            a.putValue(FerryRuntime.IMAGE_EXCLUDES, excludes);
        }
        Path jar = home.resolve("ferry-cli.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        for (String lib : present) {
            Path p = home.resolve(lib);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[0]);
        }
        return jar;
    }
}
