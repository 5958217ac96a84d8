package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.spi.FormatException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows between a materialization's function and its sink: every value type back as it went, bad bytes refused. */
class RowCodecTest {

    @Test
    void an_upsert_reads_back_with_every_value_type_and_order_kept() throws IOException, FormatException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("client", 7L);
        values.put("score", 0.25);
        values.put("active", true);
        values.put("name", "Ada ✓");
        values.put("profile", "{\"country\":\"FR\"}");
        values.put("missing", null);
        Row row = new Row(Row.Op.UPSERT, 7L, values);

        Row back = RowCodec.decode(new RowFormat().encode(row));

        assertThat(back).isEqualTo(row);
        assertThat(back.values().keySet()).containsExactly("client", "score", "active", "name", "profile", "missing");
        assertThat(back.values().get("client")).isInstanceOf(Long.class);
    }

    @Test
    void a_delete_and_a_row_without_key_read_back() throws IOException {
        Row delete = new Row(Row.Op.DELETE, "k-1", Map.of("event_key", "k-1"));
        Row append = new Row(Row.Op.UPSERT, null, Map.of("n", 1L));

        assertThat(RowCodec.decode(RowCodec.encode(delete))).isEqualTo(delete);
        assertThat(RowCodec.decode(RowCodec.encode(append))).isEqualTo(append);
    }

    @Test
    void bytes_that_are_not_a_row_and_values_that_are_not_typed_are_refused() {
        byte[] good = RowCodec.encode(new Row(Row.Op.UPSERT, null, Map.of("name", "Ada")));

        assertThatThrownBy(() -> RowCodec.decode("{\"op\":\"upsert\"}".getBytes()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("not a materialized row");
        assertThatThrownBy(() -> RowCodec.decode(Arrays.copyOf(good, good.length - 2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RowCodec.encode(new Row(Row.Op.UPSERT, null, Map.of("n", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not java.lang.Integer");
        assertThatThrownBy(() -> new RowFormat().encode(Map.of("n", 1L)))
                .isInstanceOf(FormatException.class).hasMessageContaining("is a materialized Row");
    }
}
