package dev.ferry.engine.spi;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import java.util.Map;

/**
 * What a plug-in is told about the app it serves: the app's descriptor, the guarantee it runs
 * with, and the plug-in's own settings from the profile ({@code plugins.<name>.*}, without the
 * prefix).
 *
 * @param app       the app
 * @param guarantee the delivery guarantee the app runs with
 * @param settings  the plug-in's settings, with the source of each in {@link #sourceOf}
 * @param sources   where each setting came from (a file or an environment variable), for messages
 */
public record PluginContext(AppDescriptor app, Guarantee guarantee, Map<String, String> settings,
                            Map<String, String> sources) {

    /** Freezes the maps. */
    public PluginContext {
        settings = Map.copyOf(settings);
        sources = Map.copyOf(sources);
    }

    /** A setting, or {@code fallback} if it is not set. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** Where a setting came from, such as {@code platform profile ferry.yaml: plugins.avro.schemas}. */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "defaults");
    }
}
