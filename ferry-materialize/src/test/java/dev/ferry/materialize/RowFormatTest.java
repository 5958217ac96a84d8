package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.WriterContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows between a materialization's function and its sink stay objects in the process: the
 * format hands them over, refuses anything that is not a row, and never makes bytes of them.
 */
class RowFormatTest {

    @TempDir
    Path dir;

    private OutputCodec codec() {
        Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
        Path file = Fixtures.write(dir, "m.yaml", "topic: clicks\nschema: clicks.schema.json\ntarget:\n  type: duckdb\n");
        Materialization m = Materialization.prepare(file,
                PlatformProfile.builder().bootstrapServers("127.0.0.1:1").set("announce.topic", "").build());
        return new RowFormat().writer(new WriterContext(m.descriptor(), m.descriptor().outputs().get(0),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void rows_are_handed_over_in_the_process_and_anything_else_is_refused() throws FormatException {
        OutputCodec codec = codec();

        assertThat(codec.inProcess()).isTrue();
        codec.check(new Row(Row.Op.UPSERT, 7L, Map.of("client", 7L)));
        assertThatThrownBy(() -> codec.check(Map.of("client", 7L)))
                .isInstanceOf(FormatException.class).hasMessageContaining("is a materialized Row, not");
    }

    @Test
    void nothing_encodes_a_row_to_bytes() {
        Row row = new Row(Row.Op.UPSERT, null, Map.of("n", 1L));

        assertThatThrownBy(() -> new RowFormat().encode(row))
                .isInstanceOf(FormatException.class).hasMessageContaining("never written as bytes");
    }
}
