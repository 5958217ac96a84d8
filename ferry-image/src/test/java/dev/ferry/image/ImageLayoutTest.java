package dev.ferry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the app's and Ferry's jars go, and the command the image starts. */
class ImageLayoutTest {

    private final FerryRuntime ferry = new FerryRuntime(Path.of("/f/ferry-cli.jar"),
            List.of(Path.of("/f/lib/ferry-api-1.jar"), Path.of("/f/lib/jackson-databind-2.jar")), "1");

    @Test
    void libraries_ferry_ships_are_left_out_of_the_app_layer() {
        List<Path> kept = ImageLayout.appLibraries(List.of(Path.of("/p/libs/ferry-api-1.jar"),
                Path.of("/p/libs/commons-math-3.jar")), ferry);

        assertThat(kept).containsExactly(Path.of("/p/libs/commons-math-3.jar"));
    }

    @Test
    void two_libraries_with_one_file_name_are_an_error() {
        assertThatThrownBy(() -> ImageLayout.appLibraries(List.of(Path.of("/a/x-1.jar"), Path.of("/b/x-1.jar")), ferry))
                .isInstanceOf(ImageException.class)
                .hasMessage("two of the app's libraries have the same file name x-1.jar: /a/x-1.jar and /b/x-1.jar; "
                        + "both would be /app/libs/x-1.jar in the image");
    }

    @Test
    void the_entrypoint_is_ferry_run_of_the_app_jar_with_its_libraries() {
        assertThat(ImageLayout.entrypoint("predict-foo", List.of("-XX:MaxRAMPercentage=75"),
                List.of(Path.of("/p/a.jar"), Path.of("/p/b.jar"))))
                .containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/ferry/ferry-cli.jar", "run",
                        "/app/app.jar", "--app", "predict-foo", "--classpath", "/app/libs/a.jar:/app/libs/b.jar");
        assertThat(ImageLayout.entrypoint("x", List.of(), List.of())).doesNotContain("--classpath");
        assertThat(ImageLayout.ferryLibraryPath(ferry, Path.of("/f/lib/ferry-api-1.jar")))
                .isEqualTo("/opt/ferry/lib/ferry-api-1.jar");
    }

    @Test
    void a_materialization_runs_ferry_materialize_on_its_file_with_its_schema_beside_it() {
        MaterializeFiles files = new MaterializeFiles(Path.of("/w/target/ferry/materialize/clicks.yaml"),
                java.util.Optional.of(Path.of("/w/target/ferry/materialize/schema/clicks.schema.json")));

        assertThat(ImageLayout.materializeEntrypoint(files, List.of("-XX:MaxRAMPercentage=75")))
                .containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/ferry/ferry-cli.jar", "materialize",
                        "/app/materialize/clicks.yaml");
        assertThat(ImageLayout.materializeSchemaPath(files.schema().get()))
                .isEqualTo("/app/materialize/schema/clicks.schema.json");
        assertThat(ImageLayout.materializeSchemaReference(files.schema().get())).isEqualTo("schema/clicks.schema.json");
    }
}
