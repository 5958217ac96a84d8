package dev.ferry.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Builds an app's OCI image with Jib, without a Docker daemon: the base image, then Ferry's runtime,
 * the app's dependencies and the app's jar as three layers ({@link ImageLayout}), run as the
 * platform's non-root user with its JVM options, labelled ({@link ImageLabels}), to an archive or a
 * registry. Layers are cached between builds, so a second build of an unchanged app only writes the
 * image's configuration.
 */
public final class ImageBuilder {

    private final PrintWriter progressOut;

    /** A builder that reports Jib's progress on {@code progressOut}. */
    public ImageBuilder(PrintWriter progressOut) {
        this.progressOut = progressOut;
    }

    /** Builds the image {@code request} describes and puts it where it says. */
    public BuiltImage build(ImageRequest request) {
        long started = System.nanoTime();
        ImageProgress progress = new ImageProgress(progressOut);
        Consumer<LogEvent> log = progress::log;
        ImageSettings settings = request.settings();
        List<Path> appLibraries = ImageLayout.appLibraries(request.appLibraries(), request.ferry());
        Instant created = Instant.now();
        JibContainerBuilder image = settings.base().builder(log)
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(ferryLayer(request.ferry()));
        MaterializeFiles materialize = request.materialize();
        PythonFiles python = request.python();
        if (python != null) {
            python.libraries().ifPresent(libs -> image.addFileEntriesLayer(pythonLibrariesLayer(libs))
                    .addEnvironmentVariable("FERRY_PLUGINS_PYTHON_PATH", ImageLayout.PYTHON_LIBS_DIR));
            image.addFileEntriesLayer(pythonLayer(python))
                    .setEntrypoint(ImageLayout.pythonEntrypoint(request.app().name(), python, settings.jvmOptions()));
        } else if (materialize == null) {
            image.addFileEntriesLayer(librariesLayer(appLibraries))
                    .addFileEntriesLayer(FileEntriesLayer.builder().setName("app")
                            .addEntry(request.appJar(), AbsoluteUnixPath.get(ImageLayout.APP_JAR)).build())
                    .setEntrypoint(ImageLayout.entrypoint(request.app().name(), settings.jvmOptions(), appLibraries));
        } else {
            image.addFileEntriesLayer(materializeLayer(materialize))
                    .setEntrypoint(ImageLayout.materializeEntrypoint(materialize, settings.jvmOptions()));
        }
        image.setProgramArguments(List.of())
                    .setUser(settings.user())
                    .setWorkingDirectory(AbsoluteUnixPath.get(ImageLayout.WORKING_DIR))
                    .addEnvironmentVariable("FERRY_MONITORING_PORT", Integer.toString(settings.monitoringPort()))
                    .addExposedPort(Port.tcp(settings.monitoringPort()))
                    .setCreationTime(created)
                    .setLabels(ImageLabels.of(request.app(), request.tag(), settings.base().setting(),
                            request.ferry().version(), request.revision(), settings.monitoringPort(), created));
        ImageDestination to = request.destination();
        Containerizer containerizer = containerizer(to, log)
                .setAllowInsecureRegistries(request.insecureRegistry() || to.isLocalRegistry()
                        || settings.base().isLocalRegistry())
                .setApplicationLayersCache(request.layersCache())
                .setToolName("ferry")
                .setToolVersion(request.ferry().version())
                .addEventHandler(LogEvent.class, log)
                .addEventHandler(ProgressEvent.class, progress::progress);
        JibContainer built = containerize(image, containerizer, request);
        long size = to.archiveFile().map(ImageBuilder::sizeOf).orElse(progress.pushedBytes());
        return new BuiltImage(request.app().name(), to.reference().toString(), built.getDigest().toString(),
                built.getImageId().toString(), size, to.archive(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Containerizer containerizer(ImageDestination to, Consumer<LogEvent> log) {
        if (to.archive() != null) {
            try {
                Files.createDirectories(to.archive().getParent());
            } catch (IOException e) {
                throw new ImageException("cannot create the directory of " + to.archive() + ": " + e.getMessage(), e);
            }
            return Containerizer.to(TarImage.at(to.archive()).named(to.reference()));
        }
        CredentialRetrieverFactory credentials = CredentialRetrieverFactory.forImage(to.reference(), log);
        return Containerizer.to(RegistryImage.named(to.reference()).addCredentialRetriever(credentials.dockerConfig())
                .addCredentialRetriever(credentials.wellKnownCredentialHelpers()));
    }

    private static JibContainer containerize(JibContainerBuilder image, Containerizer containerizer,
                                             ImageRequest request) {
        String base = request.settings().base().source() + " '" + request.settings().base().setting() + "'";
        String to = request.destination().describe();
        try {
            return image.containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while building the image " + to, e);
        } catch (CacheDirectoryCreationException e) {
            throw new ImageException("cannot create Jib's layer cache " + request.layersCache() + ": " + e.getMessage(), e);
        } catch (ExecutionException | RegistryException | IOException e) {
            throw new ImageException(failure(e, base, to, request), e);
        }
    }

    /** What went wrong, naming the image at fault: the base image (pulled first) or the destination. */
    static String failure(Exception e, String base, String to, ImageRequest request) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String registry = request.destination().isRegistry() ? request.destination().reference().getRegistry() : null;
        String baseRegistry = request.settings().base().reference() == null ? null
                : request.settings().base().reference().getRegistry();
        boolean aboutTarget = registry != null && message.contains(registry)
                && (baseRegistry == null || !registry.equals(baseRegistry));
        boolean aboutBase = !aboutTarget && baseRegistry != null && (registry == null || message.contains(baseRegistry));
        if (cause instanceof InsecureRegistryException) {
            return "registry " + (aboutTarget ? registry : baseRegistry) + " has no valid HTTPS: " + message
                    + "; pass --insecure-registry if it is yours and you mean it";
        }
        if (cause instanceof RegistryUnauthorizedException) {
            return (aboutTarget ? "cannot push the image to " + to : "cannot pull the base image " + base)
                    + ": not authorized (" + message + "); log in with 'docker login' (Jib reads "
                    + "~/.docker/config.json) or a credential helper";
        }
        if (aboutTarget) {
            return "cannot push the image to " + to + ": " + message;
        }
        if (aboutBase) {
            return "cannot pull the base image " + base + ": " + message;
        }
        return "cannot build the image on " + base + " to " + to + ": " + message;
    }

    private FileEntriesLayer ferryLayer(FerryRuntime ferry) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("ferry runtime")
                .addEntry(ferry.cliJar(), AbsoluteUnixPath.get(ImageLayout.FERRY_JAR));
        for (Path lib : ferry.libraries()) {
            layer.addEntry(lib, AbsoluteUnixPath.get(ImageLayout.ferryLibraryPath(ferry, lib)));
        }
        return layer.build();
    }

    private static FileEntriesLayer materializeLayer(MaterializeFiles files) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("materialization")
                .addEntry(files.file(), AbsoluteUnixPath.get(files.filePath()));
        files.schema().ifPresent(s -> layer.addEntry(s, AbsoluteUnixPath.get(ImageLayout.materializeSchemaPath(s))));
        return layer.build();
    }

    private static FileEntriesLayer pythonLayer(PythonFiles files) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("app");
        for (Path source : files.sources()) {
            layer.addEntry(source, AbsoluteUnixPath.get(files.pathOf(source)));
        }
        return layer.build();
    }

    private static FileEntriesLayer pythonLibrariesLayer(Path libraries) {
        try {
            return FileEntriesLayer.builder().setName("python dependencies")
                    .addEntryRecursive(libraries, AbsoluteUnixPath.get(ImageLayout.PYTHON_LIBS_DIR)).build();
        } catch (IOException e) {
            throw new ImageException("cannot read the Python packages in " + libraries + ": " + e.getMessage(), e);
        }
    }

    private static FileEntriesLayer librariesLayer(List<Path> libraries) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("app dependencies");
        for (Path lib : libraries) {
            layer.addEntry(lib, AbsoluteUnixPath.get(ImageLayout.libraryPath(lib)));
        }
        return layer.build();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
