package dev.ferry.engine;

import dev.ferry.engine.internal.AppLauncher;
import dev.ferry.engine.spi.OutputSchema;
import java.util.Map;

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

    /**
     * Each output topic's schema, in declaration order, exactly as {@link RunningApp#outputSchemas()}
     * will give it once the app runs, without starting it or reaching a cluster: for tools that
     * describe an app before it is deployed (its runbook, its image's labels).
     *
     * @throws AppDefinitionException if an output's schema cannot be made (a type not on the app's class
     *                                loader, a document its format rejects)
     * @throws ProfileException       if the profile is invalid, or names a format that is not on the classpath
     */
    public static Map<String, OutputSchema> outputSchemas(AppDescriptor app, PlatformProfile platform) {
        return AppLauncher.schemas(app, platform);
    }
}
