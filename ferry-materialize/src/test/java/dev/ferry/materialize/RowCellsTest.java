package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mapped row's values by position: the same map by name as any row's, read without a lookup, never copied. */
class RowCellsTest {

    private static final List<Column> COLUMNS = List.of(new Column("client", List.of("client"), ColumnType.TEXT),
            new Column("visits", List.of("visits"), ColumnType.BIGINT),
            new Column("note", List.of("note"), ColumnType.TEXT));

    @Test
    void cells_are_a_map_by_column_name_in_the_columns_order() {
        Object[] cells = {"c-1", 3L, null};
        Row row = new Row(Row.Op.UPSERT, "c-1", new Row.Cells(COLUMNS, cells));

        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("client", "c-1");
        plain.put("visits", 3L);
        plain.put("note", null);
        assertThat(row).isEqualTo(new Row(Row.Op.UPSERT, "c-1", plain));
        assertThat(row.values().keySet()).containsExactly("client", "visits", "note");
        assertThat(row.values()).containsEntry("visits", 3L).containsKey("note").doesNotContainKey("other");
        assertThat(row.values().get("other")).isNull();
        assertThat(((Row.Cells) row.values()).get(1)).isEqualTo(3L);
    }

    @Test
    void cells_are_kept_as_they_are_and_cannot_be_changed() {
        Row.Cells cells = new Row.Cells(COLUMNS, new Object[] {"c-1", 3L, "x"});
        Row row = new Row(Row.Op.UPSERT, "c-1", cells);

        assertThat(row.values()).isSameAs(cells);
        assertThatThrownBy(() -> row.values().put("note", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void as_many_values_as_columns() {
        assertThatThrownBy(() -> new Row.Cells(COLUMNS, new Object[] {"c-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 values for 3 columns");
    }
}
