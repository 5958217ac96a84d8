package dev.ferry.materialize;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How events become rows, from the file's {@code target.key}, {@code target.fields},
 * {@code target.nested} and {@code target.max-column-bytes}: the same for every target.
 *
 * @param key            the key's field path ({@code [payload, client]}), an empty list for the event's
 *                       key ({@value #EVENT_KEY}), or empty for none
 * @param fields         the field paths that become columns, or empty for every top-level field
 * @param nested         what a nested object becomes
 * @param maxColumnBytes the most bytes one column's value may have (its UTF-8 text); a larger one fails
 *                       its event
 */
public record RowMapping(Optional<List<String>> key, List<List<String>> fields, Nested nested, int maxColumnBytes) {

    /** The {@code target.key} that names the event's key rather than a field. */
    public static final String EVENT_KEY = "event-key";

    /** The default of {@code target.max-column-bytes}: 1 MiB. */
    public static final int DEFAULT_MAX_COLUMN_BYTES = 1 << 20;

    /** What a nested object becomes. */
    public enum Nested {
        /** One column of JSON ({@code jsonb} in PostgreSQL, {@code JSON} in DuckDB). */
        JSON,
        /** One column per leaf field, named by its path joined with '_'. */
        FLATTEN
    }

    /** Checks and freezes the parts. */
    public RowMapping {
        key = key.map(List::copyOf);
        fields = fields.stream().map(List::copyOf).toList();
        Objects.requireNonNull(nested, "nested");
    }
}
