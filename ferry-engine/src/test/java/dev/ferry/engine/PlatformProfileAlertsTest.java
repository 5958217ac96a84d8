package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile's {@code alerts.*} block: the thresholds and durations of every app's alert rules. */
class PlatformProfileAlertsTest {

    @TempDir
    Path dir;

    @Test
    void has_the_documented_defaults() {
        PlatformProfile profile = PlatformProfile.builder().build();

        assertThat(profile.alertRunbookUrl("predict-foo")).isEmpty();
        assertThat(profile.alertHaltedFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(profile.alertLagSeconds()).isEqualTo(300);
        assertThat(profile.alertLagFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(profile.alertStalledWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(profile.alertStalledFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(profile.alertNotReadyFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(profile.alertDeadLetteredWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(profile.describe()).containsEntry("alerts.lag-seconds", "300");
    }

    @Test
    void reads_the_alerts_block_of_a_file_and_its_variables() throws IOException {
        Path file = Files.writeString(dir.resolve("ferry.yaml"), """
                alerts:
                  runbook-url: https://runbooks.example/{app}
                  lag-seconds: 60
                  stalled-window: 2m
                """);

        PlatformProfile profile = PlatformProfile.builder().file(file)
                .environment(Map.of("FERRY_ALERTS_NOT_READY_FOR", "30s")).build();

        assertThat(profile.alertRunbookUrl("predict-foo")).contains("https://runbooks.example/predict-foo");
        assertThat(profile.alertLagSeconds()).isEqualTo(60);
        assertThat(profile.alertStalledWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(profile.alertNotReadyFor()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejects_a_lag_threshold_that_is_not_a_whole_number_naming_the_key() {
        Throwable thrown = catchThrowable(() -> PlatformProfile.builder().set("alerts.lag-seconds", "5m").build());

        assertThat(thrown).isInstanceOf(ProfileException.class)
                .hasMessage("code: alerts.lag-seconds: expected a whole number of at least 1, got '5m'");
    }

    @Test
    void rejects_a_stalled_window_under_a_second() {
        Throwable thrown = catchThrowable(() -> PlatformProfile.builder()
                .environment(Map.of("FERRY_ALERTS_STALLED_WINDOW", "500ms")).build());

        assertThat(thrown).isInstanceOf(ProfileException.class).hasMessage("environment variable "
                + "FERRY_ALERTS_STALLED_WINDOW: alerts.stalled-window: expected at least 1s, got '500ms'");
    }

    @Test
    void rejects_a_misspelt_alert_key_naming_it() {
        Throwable thrown = catchThrowable(() -> PlatformProfile.builder().set("alerts.lag-secs", "60").build());

        assertThat(thrown).isInstanceOf(ProfileException.class).hasMessageStartingWith("code: unknown setting "
                + "'alerts.lag-secs'").hasMessageContaining("alerts.lag-seconds");
    }
}
