package dev.ferry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How {@code --to} is read: an archive, a registry that must be named, a local registry. */
class ImageDestinationTest {

    private final Path work = Path.of("/work/project");

    @Test
    void an_oci_archive_is_a_file_relative_to_the_working_directory_named_as_given() {
        ImageDestination d = ImageDestination.parse("oci-archive:out/app.oci.tar", work, "predict-foo:1");

        assertThat(d.isRegistry()).isFalse();
        assertThat(d.archive()).isEqualTo(Path.of("/work/project/out/app.oci.tar"));
        assertThat(d.reference().toString()).isEqualTo("predict-foo:1");
    }

    @Test
    void a_registry_reference_is_a_push_and_localhost_is_local() {
        ImageDestination d = ImageDestination.parse("127.0.0.1:5000/ds/predict-foo:1", work, "unused:1");

        assertThat(d.isRegistry()).isTrue();
        assertThat(d.isLocalRegistry()).isTrue();
        assertThat(d.reference().getRegistry()).isEqualTo("127.0.0.1:5000");
        assertThat(ImageDestination.parse("registry.example.com/ds/app:2", work, "x:1").isLocalRegistry()).isFalse();
        assertThat(ImageDestination.parse("localhost:5000/app:2", work, "x:1").isLocalRegistry()).isTrue();
    }

    @Test
    void a_reference_without_a_registry_is_refused_rather_than_pushed_to_docker_hub() {
        assertThatThrownBy(() -> ImageDestination.parse("ds/predict-foo:1", work, "x:1"))
                .isInstanceOf(ImageException.class).hasMessageStartingWith("--to ds/predict-foo:1: unknown registry");
    }

    @Test
    void other_transports_and_bad_references_are_named() {
        assertThatThrownBy(() -> ImageDestination.parse("docker-daemon:app:1", work, "x:1"))
                .hasMessage("--to docker-daemon:app:1: unsupported destination; give oci-archive:PATH or a registry "
                        + "reference REGISTRY/NAME:TAG such as registry.example.com/data-science/app:1.0");
        assertThatThrownBy(() -> ImageDestination.parse("registry.example.com/Bad Name", work, "x:1"))
                .hasMessageContaining("is not a valid image reference");
    }
}
