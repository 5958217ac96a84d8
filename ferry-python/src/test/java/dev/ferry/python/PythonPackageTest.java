package dev.ferry.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Python package as it ships: every module of {@code src/main/python/ferry} travels in the jar,
 * and its own tests ({@code src/test/python}, standard library {@code unittest}) pass, so that
 * {@code mvn test} runs them too.
 */
class PythonPackageTest {

    private static final Path PACKAGE = Path.of("src/main/python/ferry");

    @Test
    void the_jar_carries_every_module_of_the_package() throws IOException {
        try (Stream<Path> files = Files.list(PACKAGE)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted())
                    .containsExactlyElementsOf(PythonPackage.MODULES);
        }
        Path unpacked = PythonPackage.root().resolve("ferry");
        for (String module : PythonPackage.MODULES) {
            assertThat(unpacked.resolve(module)).hasSameBinaryContentAs(PACKAGE.resolve(module));
        }
    }

    @Test
    void pip_installs_the_package_with_no_index_and_no_network(@org.junit.jupiter.api.io.TempDir Path target)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--target", target.toString(), "src/main/python").redirectErrorStream(true);
        pb.environment().put("PIP_NO_INDEX", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pip finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        for (String module : PythonPackage.MODULES) {
            assertThat(target.resolve("ferry").resolve(module)).hasSameBinaryContentAs(PACKAGE.resolve(module));
        }
        assertThat(target.resolve("ferry-0.1.0.dist-info/RECORD")).content().contains("ferry/worker.py,sha256=");
        assertThat(Files.readString(Path.of("src/main/python/pyproject.toml"))).as("one version in both places")
                .contains("version = \"" + version() + "\"");
    }

    private static String version() throws IOException {
        return Files.readAllLines(PACKAGE.resolve("__init__.py")).stream().filter(l -> l.startsWith("__version__"))
                .findFirst().orElseThrow().split("\"")[1];
    }

    @Test
    void the_packages_own_tests_pass() throws Exception {
        Process p = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "src/test/python", "-v")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("unittest finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK").doesNotContain("skipped");
    }
}
