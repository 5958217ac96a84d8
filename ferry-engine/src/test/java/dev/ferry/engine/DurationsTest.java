package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The durations people write in YAML: 500ms, 30s, 2m, 1h. */
class DurationsTest {

    @Test
    void parses_milliseconds_seconds_minutes_and_hours() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void allows_spaces_and_upper_case() {
        assertThat(Durations.parse(" 30 S ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("250MS")).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "30", "s", "1.5s", "-1s", "30 sec", "1d", "PT30S", "30s30ms"})
    void rejects_anything_else_showing_the_accepted_form(String text) {
        Throwable thrown = catchThrowable(() -> Durations.parse(text));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration such as 500ms, 30s, 2m or 1h, got '" + text + "'");
    }

    /** Too large to represent is as much a mistake as a typo, and must be reported the same way. */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"99999999999999999999s", "9999999999999999h"})
    void rejects_a_duration_too_large_to_represent_showing_the_accepted_form(String text) {
        Throwable thrown = catchThrowable(() -> Durations.parse(text));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a duration such as 500ms, 30s, 2m or 1h");
    }

    @Test
    void formats_whole_seconds_in_seconds_and_the_rest_in_milliseconds() {
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("120s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1ms", "999ms", "1s", "45s", "2m", "1h"})
    void reads_back_what_it_formats(String text) {
        Duration d = Durations.parse(text);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
