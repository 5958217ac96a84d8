package dev.ferry.engine.spi;

import dev.ferry.engine.AppDescriptor;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FunctionRuntime} is told when it makes a function: the app, which of its consumers
 * this function serves, and the runtime's settings from the profile ({@code plugins.<runtime>.*}).
 *
 * @param app      the app
 * @param consumer the consumer's index, from 0
 * @param plugin   the runtime's settings
 */
public record FunctionContext(AppDescriptor app, int consumer, PluginContext plugin) {

    /** Checks that nothing is null. */
    public FunctionContext {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(plugin, "plugin");
    }

    /** The runtime's settings. */
    public Map<String, String> settings() {
        return plugin.settings();
    }
}
