package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.runbook.RunbookFiles;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.image.BuiltImage;
import dev.ferry.image.FerryRuntime;
import dev.ferry.image.ImageBuilder;
import dev.ferry.image.ImageDestination;
import dev.ferry.image.ImageException;
import dev.ferry.image.ImageRecord;
import dev.ferry.image.ImageRequest;
import dev.ferry.image.ImageSettings;
import dev.ferry.image.MaterializeFiles;
import dev.ferry.image.PythonFiles;
import dev.ferry.python.PythonRuntime;
import dev.ferry.materialize.ShippedMaterialization;
import dev.ferry.image.SourceRevision;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry package}: an app's OCI container image, to an archive or a registry, without a Docker daemon. */
@Command(name = "package", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Builds an app's OCI container image with Jib (no Docker daemon), to an OCI archive or a registry.",
            "TARGET is a Maven project directory (built here: mvn package and its runtime dependencies) or an app's "
                    + ".jar with --classpath for its dependencies, or a materialization .yaml (ferry materialize's: "
                    + "the image carries it and its schema file and runs ferry materialize on it), or a Python app's .py "
                    + "(the image carries the .py files and packages of its folder and the packages of the "
                    + "requirements.txt beside it, pip-installed here; image.base must have Java and Python 3).",
            "The image runs `ferry run` of the app as a non-root user, on the profile's image.base; it writes "
                    + "image.json (app, image, digest) for ferry deploy. Progress goes to stderr, the summary to stdout."
        })
final class PackageCommand implements Callable<Integer> {

    /** Where a project's outputs go, under the project. */
    static final String OUTPUT_DIR = "target/ferry";
    /** Where, under the output directory, the app's alert rules and runbook go. */
    static final String RUNBOOK_DIR = "runbook";

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", defaultValue = ".",
            description = "A Maven project directory (default: the current one), an app's .jar, a "
                    + "materialization .yaml, or a Python app's .py.")
    String target;

    @Option(names = "--app", paramLabel = "NAME", description = "Which app to package when the jar has several.")
    String app;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
            description = "The jar's runtime dependencies ('${sys:path.separator}'-separated; may be repeated); "
                    + "only with a .jar TARGET.")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--to", paramLabel = "DEST",
            description = "oci-archive:PATH, or REGISTRY/NAME:TAG to push (default: oci-archive:target/ferry/<app>.oci.tar).")
    String to;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "The image's tag when --to gives none (default: the source commit's first 12 characters, "
                    + "else latest).")
    String tag;

    @Option(names = "--insecure-registry",
            description = "Allow plain HTTP and unverified TLS with the registries (always allowed for localhost and "
                    + "127.0.0.1).")
    boolean insecureRegistry;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML), for image.* settings; default: $FERRY_PROFILE, else "
                    + "./ferry.yaml if present. FERRY_* environment variables override it.")
    Path profile;

    @Override
    public Integer call() {
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        ImageSettings settings = image(() -> ImageSettings.of(platform, root.workDir));
        Path path = root.workDir.resolve(target).normalize();
        if (MaterializeFile.is(target, root.workDir)) {
            return packageMaterialization(platform, settings);
        }
        if (target.endsWith(".py")) {
            return packagePython(platform, settings);
        }
        boolean project = Files.isDirectory(path);
        if (project && !ProjectBuild.isProject(path)) {
            throw new CliException(target + ": not a Maven project (no pom.xml in " + path + "); give a project "
                    + "directory or an app's .jar");
        }
        if (!project && !target.endsWith(".jar")) {
            throw new CliException(target + (Files.exists(path) ? ": not a .jar" : ": no such file or directory")
                    + "; give a Maven project directory or an app's .jar");
        }
        if (project && !classpath.isEmpty()) {
            throw CliException.usage("--classpath goes with a .jar TARGET; a project's dependencies come from its pom.xml");
        }
        // a jar's commit is that of the work tree it was built in (target/ of a project), if any
        Path sourceDir = project ? path : path.toAbsolutePath().getParent();
        SourceRevision revision = SourceRevision.of(sourceDir);
        String imageTag = tag != null ? tag : revision.commit().isEmpty() ? "latest" : revision.commit().substring(0, 12);
        Path outputDir = (project ? path : root.workDir).resolve(OUTPUT_DIR);

        ProjectBuild build = project ? ProjectBuild.of(path, spec.commandLine().getErr())
                : new ProjectBuild(existing(path, target), classpathEntries());
        AppDescriptor descriptor;
        RunbookFiles runbook;
        try (LoadedApp loaded = AppLoader.load(build.jar().toString(), app, build.libraries(), root.workDir)) {
            descriptor = loaded.spec();
            // the app's classes are needed for its output schemas: write its alert rules and runbook now
            runbook = RunbookCommand.write(descriptor, platform, outputDir.resolve(RUNBOOK_DIR));
        }
        String name = settings.imageName(descriptor.name(), imageTag);
        ImageDestination destination = image(() -> to == null
                ? ImageDestination.archive(outputDir.resolve(descriptor.name() + ".oci.tar"), name)
                : ImageDestination.parse(to, root.workDir, name));
        FerryRuntime ferry = image(PackageCommand::runningFerry);

        spec.commandLine().getErr().println("ferry package: app '" + descriptor.name() + "' from " + build.jar()
                + " on " + settings.base() + " to " + destination.describe());
        Path layersCache = cacheRoot().resolve("layers");
        ImageRequest request = new ImageRequest(descriptor, build.jar(), build.libraries(), ferry, settings, destination,
                imageTag, revision, insecureRegistry, layersCache);
        BuiltImage built = image(() -> new ImageBuilder(spec.commandLine().getErr()).build(request));
        writeOutputs(built, destination, outputDir, runbook);
        return 0;
    }

    /**
     * A materialization file's image: Ferry's runtime and the file (with the schema file it names),
     * run by {@code ferry materialize}; its record goes where a jar's does.
     */
    private int packageMaterialization(PlatformProfile platform, ImageSettings settings) {
        if (app != null || !classpath.isEmpty()) {
            throw CliException.usage((app != null ? "--app" : "--classpath") + " goes with an app; a materialization "
                    + "file names its app (materialize:) and needs no classes");
        }
        ShippedMaterialization m = MaterializeFile.load(target, root.workDir, platform);
        SourceRevision revision = SourceRevision.of(root.workDir.resolve(target).toAbsolutePath().getParent());
        String imageTag = tag != null ? tag : revision.commit().isEmpty() ? "latest" : revision.commit().substring(0, 12);
        Path outputDir = root.workDir.resolve(OUTPUT_DIR);
        String appName = m.descriptor().name();
        MaterializeFiles files = MaterializeFile.imageFiles(m, target, root.workDir, outputDir);
        RunbookFiles runbook = RunbookCommand.write(m.descriptor(), m.profile(), outputDir.resolve(RUNBOOK_DIR));
        String name = settings.imageName(appName, imageTag);
        ImageDestination destination = image(() -> to == null
                ? ImageDestination.archive(outputDir.resolve(appName + ".oci.tar"), name)
                : ImageDestination.parse(to, root.workDir, name));
        FerryRuntime ferry = image(PackageCommand::runningFerry);
        spec.commandLine().getErr().println("ferry package: materialization '" + appName + "' from " + target
                + " on " + settings.base() + " to " + destination.describe());
        ImageRequest request = ImageRequest.materialization(m.descriptor(), files, ferry, settings, destination,
                imageTag, revision, insecureRegistry, cacheRoot().resolve("layers"));
        BuiltImage built = image(() -> new ImageBuilder(spec.commandLine().getErr()).build(request));
        writeOutputs(built, destination, outputDir, runbook);
        return 0;
    }

    /**
     * A Python app's image: Ferry's runtime, the packages of the app's requirements.txt and its source
     * files, run by {@code ferry run FILE.py}; its record goes where a jar's does.
     */
    private int packagePython(PlatformProfile platform, ImageSettings settings) {
        if (!classpath.isEmpty()) {
            throw CliException.usage("--classpath goes with a .jar TARGET; a Python app's packages come from the "
                    + PythonSources.REQUIREMENTS + " beside it");
        }
        Path file = root.workDir.resolve(target).normalize();
        if (!Files.isRegularFile(file)) {
            throw new CliException(target + ": no such file");
        }
        Map<String, String> python = platform.pluginSettings(PythonRuntime.NAME);
        Path outputDir = root.workDir.resolve(OUTPUT_DIR);
        // the requirements first: reading what the file registers imports it, and so what it imports
        PythonFiles files = PythonSources.gather(file, python.getOrDefault("executable", "python3"),
                outputDir.resolve("python-libs"));
        Map<String, String> describing = new java.util.HashMap<>(python);
        files.libraries().ifPresent(libs -> describing.merge("path", libs.toAbsolutePath().toString(),
                (before, added) -> before + java.io.File.pathSeparator + added));
        AppDescriptor descriptor;
        try (LoadedApp loaded = AppLoader.load(target, app, List.of(), root.workDir, describing)) {
            descriptor = loaded.spec();
        }
        SourceRevision revision = SourceRevision.of(file.toAbsolutePath().getParent());
        String imageTag = tag != null ? tag : revision.commit().isEmpty() ? "latest" : revision.commit().substring(0, 12);
        RunbookFiles runbook = RunbookCommand.write(descriptor, platform, outputDir.resolve(RUNBOOK_DIR));
        String name = settings.imageName(descriptor.name(), imageTag);
        ImageDestination destination = image(() -> to == null
                ? ImageDestination.archive(outputDir.resolve(descriptor.name() + ".oci.tar"), name)
                : ImageDestination.parse(to, root.workDir, name));
        FerryRuntime ferry = image(PackageCommand::runningFerry);
        spec.commandLine().getErr().println("ferry package: Python app '" + descriptor.name() + "' from " + target
                + " (" + files.sources().size() + " source file(s)" + (files.libraries().isPresent()
                ? ", the packages of " + PythonSources.REQUIREMENTS : "") + ") on " + settings.base() + " to "
                + destination.describe());
        ImageRequest request = ImageRequest.python(descriptor, files, ferry, settings, destination, imageTag, revision,
                insecureRegistry, cacheRoot().resolve("layers"));
        BuiltImage built = image(() -> new ImageBuilder(spec.commandLine().getErr()).build(request));
        writeOutputs(built, destination, outputDir, runbook);
        return 0;
    }

    /**
     * Everything {@code ferry package} leaves behind, in one place: the image record for ferry deploy and
     * the summary, which also names the alert rules and runbook written from the descriptor.
     */
    private void writeOutputs(BuiltImage built, ImageDestination destination, Path outputDir, RunbookFiles runbook) {
        Path record = destination.archiveFile().map(a -> a.resolveSibling(ImageRecord.FILE_NAME))
                .orElse(outputDir.resolve(ImageRecord.FILE_NAME));
        image(() -> {
            ImageRecord.write(built, record);
            return null;
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println("image   " + (built.archive() == null ? built.reference() : destination.describe() + " (" + built.reference() + ")"));
        out.println("digest  " + built.digest());
        out.println("size    " + (built.sizeBytes() < 0 ? "unknown" : built.sizeBytes() + " bytes ("
                + String.format(Locale.ROOT, "%.1f MiB", built.sizeBytes() / 1048576.0) + ")"));
        out.println("took    " + String.format(Locale.ROOT, "%.1f s", built.took().toMillis() / 1000.0));
        out.println("record  " + record);
        runbook.all().forEach(f -> out.println("runbook " + f));
        out.flush();
    }

    /**
     * The Ferry running this command, as it goes into the image: ferry-cli.jar and the libraries its
     * manifest names. A development build run from classes has no such jar, and cannot package.
     */
    static FerryRuntime runningFerry() {
        Path location;
        try {
            location = Path.of(FerryCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new ImageException("cannot find the jar this Ferry runs from: " + e);
        }
        if (!location.getFileName().toString().endsWith(".jar")) {
            throw new ImageException("ferry package puts the Ferry it runs on into the image, and this one runs from "
                    + location + ", not from ferry-cli.jar: build it (mvn -pl ferry-cli -am package) and run "
                    + "java -jar ferry-cli/target/ferry-cli.jar, or ./ferry");
        }
        return FerryRuntime.ofJar(location);
    }

    private Path cacheRoot() {
        String xdg = root.env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("ferry").resolve("image");
    }

    private List<Path> classpathEntries() {
        List<Path> entries = AppLoader.classpath(classpath, root.workDir);
        for (Path e : entries) {
            if (!Files.isRegularFile(e) || !e.toString().endsWith(".jar")) {
                throw new CliException("--classpath " + e + ": " + (Files.exists(e) ? "not a .jar" : "no such file")
                        + "; an image takes the app's dependencies as jars");
            }
        }
        return entries;
    }

    private static Path existing(Path jar, String asTyped) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException(asTyped + ": no such file");
        }
        return jar;
    }

    private static <T> T image(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ImageException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
