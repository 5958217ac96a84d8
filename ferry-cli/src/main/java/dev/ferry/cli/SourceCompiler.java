package dev.ferry.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import dev.ferry.api.Ferry;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one {@code .java} file in-process, the way {@code java Hello.java} would, against
 * ferry-api, jackson-annotations and the user's classpath. If the file sits in a source tree that
 * matches its package, the tree is the source path, so classes it uses from beside it compile too.
 * Compile errors are reported exactly as javac prints them.
 */
final class SourceCompiler {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private SourceCompiler() {
    }

    /** What came out of a compilation. */
    record Compiled(Path classes, List<Path> resources, List<String> topLevelClasses, String warnings) {
    }

    static Compiled compile(Path source, List<Path> classpath, Path outDir) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new CliException("this Java (" + System.getProperty("java.home") + ") has no compiler: run ferry "
                    + "with a JDK 17+, or compile " + source.getFileName() + " yourself and pass the class name with --classpath");
        }
        Optional<Path> sourceRoot = sourceRoot(source);
        List<String> options = new ArrayList<>(List.of("-d", outDir.toString(), "-proc:none", "-parameters", "-g",
                "-encoding", "UTF-8", "-implicit:class", "-classpath", compileClasspath(classpath)));
        sourceRoot.ifPresent(root -> options.addAll(List.of("-sourcepath", root.toString())));
        StringWriter report = new StringWriter();
        List<String> topLevel = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source.toFile());
            JavacTask task = (JavacTask) javac.getTask(report, files, null, options, null, units);
            task.addTaskListener(new TopLevelClasses(source, topLevel));
            if (!task.call()) {
                throw CliException.verbatim(report.toString().stripTrailing());
            }
        } catch (IOException e) {
            throw new CliException("cannot compile " + source + ": " + e.getMessage(), e);
        }
        List<Path> resources = sourceRoot.map(SourceCompiler::resourcesBeside).orElse(List.of());
        return new Compiled(outDir, resources, List.copyOf(topLevel), report.toString().strip());
    }

    /** Where ferry-api (and any other class) was loaded from: a jar, or a classes directory. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new CliException("cannot find where " + type.getName() + " was loaded from: " + e.getMessage(), e);
        }
    }

    private static String compileClasspath(List<Path> classpath) {
        Set<Path> entries = new LinkedHashSet<>();
        entries.add(locationOf(Ferry.class));
        entries.add(locationOf(JsonProperty.class));
        entries.addAll(classpath);
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** The root of the source tree, if the file's directory ends with its package's directories. */
    private static Optional<Path> sourceRoot(Path source) {
        String text;
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage(), e);
        }
        Matcher m = PACKAGE.matcher(text);
        Path dir = source.toAbsolutePath().getParent();
        if (!m.find()) {
            return Optional.of(dir);
        }
        Path packageDir = Path.of(m.group(1).replace('.', File.separatorChar));
        if (!dir.endsWith(packageDir)) {
            return Optional.empty();
        }
        Path root = dir;
        for (int i = 0; i < packageDir.getNameCount(); i++) {
            root = root.getParent();
        }
        return Optional.of(root);
    }

    /** src/main/resources beside src/main/java, for schemas an app names as classpath resources. */
    private static List<Path> resourcesBeside(Path sourceRoot) {
        Path resources = sourceRoot.resolveSibling("resources");
        return sourceRoot.getFileName().toString().equals("java") && Files.isDirectory(resources)
                ? List.of(resources) : List.of();
    }

    /** Records the classes declared in the file itself, as opposed to those compiled because it uses them. */
    private static final class TopLevelClasses implements TaskListener {

        private final Path source;
        private final List<String> names;

        TopLevelClasses(Path source, List<String> names) {
            this.source = source.toAbsolutePath().normalize();
            this.names = names;
        }

        @Override
        public void finished(TaskEvent e) {
            if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null && e.getSourceFile() != null
                    && Path.of(e.getSourceFile().toUri()).toAbsolutePath().normalize().equals(source)) {
                names.add(e.getTypeElement().getQualifiedName().toString());
            }
        }
    }
}
