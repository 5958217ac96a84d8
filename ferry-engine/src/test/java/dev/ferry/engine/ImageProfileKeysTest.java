package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile's image.* keys that {@code ferry package} reads: defaults, variables and what is refused. */
class ImageProfileKeysTest {

    @Test
    void the_defaults_are_a_temurin_jre_a_non_root_user_and_container_aware_memory() {
        PlatformProfile p = PlatformProfile.builder().build();

        assertThat(p.imageBase()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(p.imageRegistry()).isEmpty();
        assertThat(p.imageUser()).isEqualTo("10001:10001");
        assertThat(p.imageJvmOptions()).containsExactly("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(p.imageMonitoringPort()).isEqualTo(8080);
    }

    @Test
    void environment_variables_set_them() {
        PlatformProfile p = PlatformProfile.builder().environment(Map.of("FERRY_IMAGE_BASE", "docker-archive:base.tar",
                "FERRY_IMAGE_REGISTRY", "registry.example.com/ds/", "FERRY_IMAGE_USER", "2000",
                "FERRY_IMAGE_JVM_OPTIONS", " -Xss512k  -XX:MaxRAMPercentage=60 ")).build();

        assertThat(p.imageBase()).isEqualTo("docker-archive:base.tar");
        assertThat(p.imageRegistry()).isEqualTo("registry.example.com/ds");
        assertThat(p.imageUser()).isEqualTo("2000");
        assertThat(p.imageJvmOptions()).isEqualTo(List.of("-Xss512k", "-XX:MaxRAMPercentage=60"));
    }

    @Test
    void root_or_a_user_name_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> PlatformProfile.builder().set("image.user", "0:0", "ferry.yaml").build())
                .isInstanceOf(ProfileException.class)
                .hasMessage("ferry.yaml: image.user: expected a numeric non-root user, UID or UID:GID such as "
                        + "10001:10001, got '0:0'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("image.user", "ferry", "ferry.yaml").build())
                .hasMessageContaining("got 'ferry'");
        assertThatThrownBy(() -> PlatformProfile.builder().set("image.base", " ", "ferry.yaml").build())
                .hasMessage("ferry.yaml: image.base: must name a base image with Java 17 or later, e.g. "
                        + "eclipse-temurin:17-jre");
    }
}
