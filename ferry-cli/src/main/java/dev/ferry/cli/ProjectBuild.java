package dev.ferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a Maven project's runnable artifact for {@code ferry package}: {@code mvn -q -B package
 * -DskipTests} and its runtime dependency jars copied to {@code target/ferry/libs}, in one Maven
 * run; then finds the project's jar in {@code target/}.
 *
 * @param jar       the project's jar
 * @param libraries its runtime dependencies
 */
record ProjectBuild(Path jar, List<Path> libraries) {

    /** Where the runtime dependencies are copied, under the project. */
    static final String LIBS = "target/ferry/libs";
    /** The dependency plugin's version: the one Ferry's own build uses, so it resolves where Ferry builds. */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    /** Whether {@code dir} is a Maven project. */
    static boolean isProject(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"));
    }

    /** Builds the project in {@code dir}, with Maven's output (errors only, {@code -q}) on {@code err}. */
    static ProjectBuild of(Path dir, PrintWriter err) {
        Path libs = dir.resolve(LIBS);
        deleteJars(libs);
        List<String> command = List.of(mvn(), "-q", "-B", "package", "-DskipTests",
                DEPENDENCY_PLUGIN + ":copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=" + libs);
        err.println("ferry package: building the project: " + String.join(" ", command));
        err.flush();
        int exit;
        String output;
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } catch (IOException e) {
            throw new CliException("cannot run Maven (" + command.get(0) + ") in " + dir + ": " + e.getMessage()
                    + "; install Maven 3.8+ or package a jar: ferry package app.jar --classpath ...", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while building " + dir, e);
        }
        if (exit != 0) {
            err.print(output);
            err.flush();
            throw new CliException("the build of " + dir + " failed (mvn exit code " + exit + "); see Maven's output "
                    + "above");
        }
        return new ProjectBuild(projectJar(dir), jars(libs));
    }

    private static String mvn() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static Path projectJar(Path dir) {
        List<Path> jars = jars(dir.resolve("target")).stream().filter(j -> {
            String n = j.getFileName().toString();
            return !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")
                    && !n.endsWith("-test-sources.jar");
        }).toList();
        if (jars.size() != 1) {
            throw new CliException("the build of " + dir + " made " + (jars.isEmpty() ? "no jar" : jars.size()
                    + " jars " + jars.stream().map(j -> j.getFileName().toString()).toList()) + " in target/; "
                    + "ferry package needs exactly one (a project with <packaging>jar</packaging>), or give the jar: "
                    + "ferry package target/app.jar --classpath ...");
        }
        return jars.get(0);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList());
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteJars(Path dir) {
        for (Path jar : jars(dir)) {
            try {
                Files.delete(jar); // a dependency dropped since the last build must not stay in the image
            } catch (IOException e) {
                throw new CliException("cannot delete " + jar + " before the build: " + e.getMessage(), e);
            }
        }
    }
}
