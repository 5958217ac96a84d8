package dev.ferry.materialize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to a materialized table, mapped and checked from one event: upsert (or append) the
 * row's values, or delete the row of a key (a tombstone). Values are typed by their column:
 * {@code String} for {@link ColumnType#TEXT} and {@link ColumnType#JSON} (its JSON text),
 * {@code Long}, {@code Double}, {@code Boolean}; null for a field the event does not have.
 *
 * @param op     what to do
 * @param key    the key column's value, or null when the table has no key
 * @param values each column's value by name, in the schema's order (only the key for a delete)
 */
public record Row(Op op, Object key, Map<String, Object> values) {

    /** What a row does to the table. */
    public enum Op {
        /** Insert the row, or replace the row of its key. */
        UPSERT,
        /** Delete the row of its key. */
        DELETE
    }

    /** Checks the op and freezes the values (which may hold nulls). */
    public Row {
        Objects.requireNonNull(op, "op");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
