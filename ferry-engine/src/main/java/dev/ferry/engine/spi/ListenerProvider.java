package dev.ferry.engine.spi;

/**
 * Makes a {@link LifecycleListener} for each app that starts. Found with
 * {@link java.util.ServiceLoader}; the profile's {@code listeners} names the ones an app gets
 * (comma-separated; none by default). The app's status and metrics are listeners of their own,
 * always there.
 */
public interface ListenerProvider {

    /** The name the profile's {@code listeners} uses. */
    String name();

    /**
     * The listener of one app, before its consumers start.
     *
     * @throws dev.ferry.engine.ProfileException if one of its settings is wrong
     */
    LifecycleListener create(PluginContext context);
}
