package dev.ferry.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where things go in an app image, and the command that starts it. Three layers, from the one that
 * changes least to the one that changes most, so that a rebuild after a code change pushes only the
 * app's own jar: Ferry's runtime ({@value #FERRY_DIR}), the app's dependencies ({@value #LIBS_DIR}),
 * the app ({@value #APP_JAR}). The entrypoint is {@code ferry run} of the app's jar, the way a
 * developer runs it, with the image's JVM options.
 */
public final class ImageLayout {

    /** Ferry's runtime: its runnable jar and, in {@code lib/}, the libraries its manifest names. */
    public static final String FERRY_DIR = "/opt/ferry";
    /** The jar Ferry runs, under {@link #FERRY_DIR}. */
    public static final String FERRY_JAR = FERRY_DIR + "/ferry-cli.jar";
    /** The app's runtime dependencies. */
    public static final String LIBS_DIR = "/app/libs";
    /** The app's own jar. */
    public static final String APP_JAR = "/app/app.jar";
    /** The container's working directory: a {@code ferry.yaml} mounted here is the app's platform profile. */
    public static final String WORKING_DIR = "/app";

    /** Where a materialization's image has its YAML file. */
    public static final String MATERIALIZE_DIR = "/app/materialize";

    /** Where a Python app's image has the app's source files. */
    public static final String PYTHON_DIR = "/app/python";
    /** Where a Python app's image has the packages of its {@code requirements.txt}, on the workers' path. */
    public static final String PYTHON_LIBS_DIR = "/app/python-libs";

    private ImageLayout() {
    }

    /**
     * The app's libraries that go into the image: those with the same file name as one of Ferry's
     * (the same artifact and version: the Ferry API, Jackson, the Kafka client) are left out, since the
     * app's class loader finds Ferry's first anyway.
     *
     * @throws ImageException when two libraries have the same file name
     */
    public static List<Path> appLibraries(List<Path> libraries, FerryRuntime ferry) {
        Set<String> ferrys = new HashSet<>();
        ferry.libraries().forEach(l -> ferrys.add(l.getFileName().toString()));
        Map<String, Path> seen = new HashMap<>();
        List<Path> kept = new ArrayList<>();
        for (Path lib : libraries) {
            String name = lib.getFileName().toString();
            Path before = seen.putIfAbsent(name, lib);
            if (before != null) {
                throw new ImageException("two of the app's libraries have the same file name " + name + ": " + before
                        + " and " + lib + "; both would be " + LIBS_DIR + "/" + name + " in the image");
            }
            if (!ferrys.contains(name)) {
                kept.add(lib);
            }
        }
        return kept;
    }

    /** Where a library of the app is in the image. */
    public static String libraryPath(Path library) {
        return LIBS_DIR + "/" + library.getFileName();
    }

    /** Where a library of Ferry's runtime is in the image. */
    public static String ferryLibraryPath(FerryRuntime ferry, Path library) {
        Path relative = ferry.cliJar().getParent().relativize(library);
        return FERRY_DIR + "/" + relative.toString().replace('\\', '/');
    }

    /** The entrypoint: {@code java <options> -jar ferry-cli.jar run /app/app.jar --app NAME [--classpath ...]}. */
    public static List<String> entrypoint(String app, List<String> jvmOptions, List<Path> appLibraries) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", FERRY_JAR, "run", APP_JAR, "--app", app));
        if (!appLibraries.isEmpty()) {
            command.add("--classpath");
            command.add(String.join(":", appLibraries.stream().map(ImageLayout::libraryPath).toList()));
        }
        return command;
    }

    /**
     * Where a materialization's schema file is in the image, and so what its YAML's {@code schema:} says
     * there: {@code schema/<name>}, relative to the YAML file.
     */
    public static String materializeSchemaPath(Path schema) {
        return MATERIALIZE_DIR + "/" + materializeSchemaReference(schema);
    }

    /** What a materialization's YAML in the image names its schema file as (relative to the YAML file). */
    public static String materializeSchemaReference(Path schema) {
        return "schema/" + schema.getFileName();
    }

    /** A materialization's entrypoint: {@code java <options> -jar ferry-cli.jar materialize /app/materialize/FILE}. */
    public static List<String> materializeEntrypoint(MaterializeFiles files, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", FERRY_JAR, "materialize", files.filePath()));
        return command;
    }

    /** A Python app's entrypoint: {@code java <options> -jar ferry-cli.jar run /app/python/FILE.py --app NAME}. */
    public static List<String> pythonEntrypoint(String app, PythonFiles files, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", FERRY_JAR, "run", files.filePath(), "--app", app));
        return command;
    }
}
