package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.PlatformProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plug-in's settings are the profile's {@code plugins.<name>.*} keys, given to it without the prefix
 * and with their source, whether they come from the profile file or from {@code FERRY_PLUGINS_*}
 * variables. No broker: this is the profile alone.
 */
class SeamsPluginSettingsTest {

    @TempDir
    Path dir;

    @Test
    void a_plugin_setting_from_a_file_reaches_the_plugin_under_its_own_name() throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, "plugins:\n  pg-store:\n    table: orders\n  text:\n    max-length: 80\n");
        PlatformProfile profile = PlatformProfile.builder().file(file).build();

        assertThat(profile.pluginSettings("pg-store")).isEqualTo(Map.of("table", "orders"));
        assertThat(profile.pluginSettings("text")).isEqualTo(Map.of("max-length", "80"));
        assertThat(profile.pluginSources("text")).isEqualTo(Map.of("max-length",
                "platform profile " + file + ": plugins.text.max-length"));
    }

    @Test
    void a_plugin_setting_from_the_environment_reaches_a_plugin_whose_name_or_key_has_a_hyphen() {
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of(
                "FERRY_PLUGINS_PG_STORE__TABLE", "orders",
                "FERRY_PLUGINS_TEXT_MAX_LENGTH", "80")).build();

        assertThat(profile.pluginSettings("pg-store")).isEqualTo(Map.of("table", "orders"));
        assertThat(profile.pluginSettings("text")).isEqualTo(Map.of("max-length", "80"));
    }
}
