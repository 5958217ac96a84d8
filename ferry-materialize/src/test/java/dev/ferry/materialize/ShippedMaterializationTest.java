package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What package and deploy make of a materialization file, from the file alone (no schema, no server). */
class ShippedMaterializationTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void a_materialization_file_is_told_from_an_app_descriptor_and_from_what_is_not_yaml() throws IOException {
        assertThat(MaterializeSpec.isMaterializeFile(file("m.yaml", "topic: clicks\ntarget: {type: redis}\n"))).isTrue();
        assertThat(MaterializeSpec.isMaterializeFile(file("n.yaml", "materialize: x\n"))).isTrue();
        assertThat(MaterializeSpec.isMaterializeFile(file("app.yaml", "app: predict\ntopics: [clicks]\n"))).isFalse();
        assertThat(MaterializeSpec.isMaterializeFile(file("bad.yaml", "target: [unclosed\n"))).isFalse();
        assertThat(MaterializeSpec.isMaterializeFile(dir.resolve("missing.yaml"))).isFalse();
    }

    @Test
    void a_postgres_file_outlines_an_exactly_once_app_with_no_schema_needed() throws IOException {
        MaterializeSpec spec = MaterializeSpec.load(file("c.yaml", """
                materialize: clicks-to-warehouse
                topic: clicks
                batch-size: 200
                target: {type: postgres, url: "jdbc:postgresql://db:5432/a", key: client}
                """));

        ShippedMaterialization m = ShippedMaterialization.of(spec, PlatformProfile.builder().set("concurrency", "4",
                "test").build());

        assertThat(m.descriptor().name()).isEqualTo("clicks-to-warehouse");
        assertThat(m.descriptor().topics()).containsExactly("clicks");
        assertThat(m.descriptor().batchSize()).isEqualTo(200);
        assertThat(m.profile().guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(m.profile().concurrency()).isEqualTo(1);
    }

    @Test
    void an_unknown_target_key_is_refused_as_ferry_materialize_refuses_it() throws IOException {
        MaterializeSpec spec = MaterializeSpec.load(file("c.yaml", "topic: clicks\ntarget: {type: postgres, tabel: x}\n"));

        assertThatThrownBy(() -> ShippedMaterialization.of(spec, PlatformProfile.builder().build()))
                .isInstanceOf(MaterializeException.class)
                .hasMessageStartingWith("materialize file " + dir.resolve("c.yaml") + ": target.tabel: unknown key for "
                        + "target postgres; its keys are ");
    }
}
