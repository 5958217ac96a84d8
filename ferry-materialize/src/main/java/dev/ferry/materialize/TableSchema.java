package dev.ferry.materialize;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns a topic's events map to, derived once at start-up from the topic's JSON Schema and the
 * file's mapping keys: what a target creates its table from and what each event is checked against.
 *
 * @param columns the columns, the key column first when there is one
 * @param key     the key column's name, or empty for none (append without a key)
 * @param source  where the schema came from, for messages (an app's announcement, a file)
 */
public record TableSchema(List<Column> columns, Optional<String> key, String source) {

    /** Checks and freezes the parts. */
    public TableSchema {
        columns = List.copyOf(columns);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }

    /** The column named {@code name}, if there is one. */
    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The key column, if there is one. */
    public Optional<Column> keyColumn() {
        return key.flatMap(this::column);
    }
}
