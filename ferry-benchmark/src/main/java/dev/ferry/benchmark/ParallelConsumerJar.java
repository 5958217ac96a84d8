package dev.ferry.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Parallel Consumer contender's runnable jar is: {@code ferry-benchmark-pc/target/ferry-benchmark-pc.jar}
 * next to this module (built by the same reactor build), or the file named by the system property
 * {@value #PROPERTY}. It is a separate module because Parallel Consumer 0.5.3.3 needs kafka-clients 3.x on
 * its classpath, and this one has 4.x.
 */
final class ParallelConsumerJar {

    static final String PROPERTY = "ferry.benchmark.pc-jar";

    private ParallelConsumerJar() {
    }

    /** The jar's expected place. */
    static Path path() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath();
        }
        Path modules = ModulePaths.moduleDir().getParent();
        return (modules == null ? Path.of("") : modules).resolve("ferry-benchmark-pc").resolve("target")
                .resolve("ferry-benchmark-pc.jar").toAbsolutePath();
    }

    /** The jar, if it is built. */
    static Optional<Path> find() {
        Path jar = path();
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }
}
