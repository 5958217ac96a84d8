package dev.ferry.image;

import dev.ferry.engine.AppDescriptor;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything an app image is made of: the app (its descriptor, its jar, the jars it needs), the
 * Ferry that runs it, the platform's choices and where the image goes.
 *
 * @param app              the app, as read from its jar
 * @param appJar           the jar with the app's own classes
 * @param appLibraries     the jars the app needs at run time (its runtime dependencies)
 * @param ferry            Ferry's runtime: the image runs this one
 * @param settings         the platform's image settings
 * @param destination      where the image goes
 * @param tag              the image's version label, e.g. the project's version
 * @param revision         the source commit, for the labels
 * @param insecureRegistry whether plain HTTP and unverified TLS are allowed with registries other than local ones
 * @param layersCache      where the app's layers are cached between builds
 * @param materialize      for a materialization's image, its files (and {@code appJar} is null); else null
 * @param python           for a Python app's image, its files (and {@code appJar} is null); else null
 */
public record ImageRequest(AppDescriptor app, Path appJar, List<Path> appLibraries, FerryRuntime ferry,
                           ImageSettings settings, ImageDestination destination, String tag, SourceRevision revision,
                           boolean insecureRegistry, Path layersCache, MaterializeFiles materialize,
                           PythonFiles python) {

    public ImageRequest {
        appLibraries = List.copyOf(appLibraries);
    }

    /** An app's image: its jar and libraries. */
    public ImageRequest(AppDescriptor app, Path appJar, List<Path> appLibraries, FerryRuntime ferry,
                        ImageSettings settings, ImageDestination destination, String tag, SourceRevision revision,
                        boolean insecureRegistry, Path layersCache) {
        this(app, appJar, appLibraries, ferry, settings, destination, tag, revision, insecureRegistry, layersCache,
                null, null);
    }

    /** A materialization's image: Ferry's runtime and the materialization's files, run by ferry materialize. */
    public static ImageRequest materialization(AppDescriptor app, MaterializeFiles files, FerryRuntime ferry,
                                               ImageSettings settings, ImageDestination destination, String tag,
                                               SourceRevision revision, boolean insecureRegistry, Path layersCache) {
        return new ImageRequest(app, null, List.of(), ferry, settings, destination, tag, revision, insecureRegistry,
                layersCache, java.util.Objects.requireNonNull(files, "files"), null);
    }

    /** A Python app's image: Ferry's runtime, the app's sources and its requirements, run by ferry run. */
    public static ImageRequest python(AppDescriptor app, PythonFiles files, FerryRuntime ferry, ImageSettings settings,
                                      ImageDestination destination, String tag, SourceRevision revision,
                                      boolean insecureRegistry, Path layersCache) {
        return new ImageRequest(app, null, List.of(), ferry, settings, destination, tag, revision, insecureRegistry,
                layersCache, null, java.util.Objects.requireNonNull(files, "files"));
    }
}
