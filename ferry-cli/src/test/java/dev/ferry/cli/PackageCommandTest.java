package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry package}'s command line and the errors found before an image is built. Building and
 * running images is proven in ferry-integration-tests ({@code ImageProofTest}), with ferry-cli.jar.
 */
class PackageCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Cli cli() {
        return Cli.in(dir, Map.of());
    }

    @Test
    void help_says_what_it_takes_and_where_the_image_goes() {
        Cli.Result r = cli().run("package", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: ferry package [-hV]")
                .contains("oci-archive:PATH, or REGISTRY/NAME:TAG", "--classpath", "--tag", "--profile");
    }

    @Test
    void a_directory_without_a_pom_is_not_a_project() {
        Cli.Result r = cli().run("package");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: .: not a Maven project (no pom.xml in " + dir + "); give a project "
                + "directory or an app's .jar" + NL);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_missing_jar_is_named() {
        Cli.Result r = cli().run("package", "nowhere/app.jar");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: nowhere/app.jar: no such file" + NL);
    }

    @Test
    void a_jar_without_a_ferry_app_says_so() throws IOException {
        Path jar = jarWith(NotAnApp.class);

        Cli.Result r = cli().run("package", jar.getFileName().toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: " + jar + " has no method annotated with @Ferry: annotate the function "
                + "to run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")" + NL);
    }

    @Test
    void a_registry_reference_without_a_registry_is_refused() throws IOException {
        Path jar = jarWith(HelloApp.class);

        Cli.Result r = cli().run("package", jar.getFileName().toString(), "--to", "hello:1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: --to hello:1: unknown registry: the reference names none, and Ferry "
                + "does not push to Docker Hub unasked; give REGISTRY/NAME:TAG such as registry.example.com/hello:1 "
                + "(or docker.io/hello:1 if you mean Docker Hub), or oci-archive:PATH" + NL);
    }

    @Test
    void a_root_user_in_the_profile_is_refused() throws IOException {
        Path jar = jarWith(HelloApp.class);

        Cli.Result r = Cli.in(dir, Map.of("FERRY_IMAGE_USER", "0")).run("package", jar.getFileName().toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: environment variable FERRY_IMAGE_USER: image.user: expected a numeric "
                + "non-root user, UID or UID:GID such as 10001:10001, got '0'" + NL);
    }

    @Test
    void classpath_goes_with_a_jar_only() throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");

        Cli.Result r = cli().run("package", ".", "--classpath", "x.jar");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ferry: --classpath goes with a .jar TARGET; a project's dependencies come "
                + "from its pom.xml" + NL);
    }

    /** A jar of one compiled test class, as a build would make it. */
    private Path jarWith(Class<?> type) throws IOException {
        Path jar = dir.resolve(type.getSimpleName().toLowerCase() + ".jar");
        String entry = type.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = type.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }
}
