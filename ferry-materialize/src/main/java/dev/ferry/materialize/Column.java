package dev.ferry.materialize;

import java.util.List;
import java.util.Objects;

/**
 * One column of a materialized table and where its value comes from in each event.
 *
 * @param name the column's name: lower-case letters, digits and '_' (a nested field's path joined
 *             with '_' when flattened)
 * @param path the field path in the event's JSON, such as {@code [payload, client]}; empty for the
 *             event's key
 * @param type its type
 */
public record Column(String name, List<String> path, ColumnType type) {

    /** Checks and freezes the parts. */
    public Column {
        Objects.requireNonNull(name, "name");
        path = List.copyOf(path);
        Objects.requireNonNull(type, "type");
    }

    /** Whether the value is the event's key rather than a field. */
    public boolean fromEventKey() {
        return path.isEmpty();
    }

    /** The field path as written in the YAML file: {@code payload.client}, or {@code event-key}. */
    public String source() {
        return path.isEmpty() ? RowMapping.EVENT_KEY : String.join(".", path);
    }
}
