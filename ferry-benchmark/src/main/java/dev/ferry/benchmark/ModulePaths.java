package dev.ferry.benchmark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark writes: {@code results/} and {@code target/benchmark-logs/} of the
 * ferry-benchmark module, found from where this code was loaded ({@code target/ferry-benchmark.jar}
 * or {@code target/classes}), so the command works from any working directory. Elsewhere
 * (a copied jar) they are under the working directory.
 */
final class ModulePaths {

    private ModulePaths() {
    }

    static Path moduleDir() {
        try {
            Path code = Path.of(ModulePaths.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path target = Files.isDirectory(code) ? code.getParent() : code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null && Files.isRegularFile(target.getParent().resolve("pom.xml"))) {
                return target.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static Path resultsDir() {
        return moduleDir().resolve("results");
    }

    static Path logsDir() {
        return moduleDir().resolve("target").resolve("benchmark-logs");
    }
}
