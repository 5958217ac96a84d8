package dev.ferry.engine;

import dev.ferry.engine.internal.AppLauncher;

/**
 * Starts apps on a Kafka cluster: the one entry point from an {@link AppDescriptor} and a
 * {@link PlatformProfile} to running consumers.
 *
 * <pre>{@code
 * try (RunningApp app = FerryEngine.start(AppDescriptor.of(HelloWorld.class), PlatformProfile.load())) {
 *     ...
 * }
 * }</pre>
 */
public final class FerryEngine {

    private FerryEngine() {
    }

    /**
     * Checks the app and its profile (schemas, the function, the plug-ins they name), then the
     * cluster, then starts the app's consumers and returns at once.
     *
     * @throws AppDefinitionException if the app cannot run as described (a schema its format rejects, a
     *                                function that cannot be called, a class that cannot be created)
     * @throws ProfileException       if the profile is invalid for this app, or names a plug-in that is not
     *                                on the classpath
     * @throws StartupException       if the cluster is unreachable, a topic is missing (outside dev mode), or
     *                                the profile's {@code monitoring.port} cannot be bound
     */
    public static RunningApp start(AppDescriptor app, PlatformProfile platform) {
        return new RunningApp(AppLauncher.launch(app, platform));
    }
}
