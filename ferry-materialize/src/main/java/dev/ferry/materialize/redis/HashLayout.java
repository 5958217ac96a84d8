package dev.ferry.materialize.redis;

import dev.ferry.materialize.Column;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.RowMapping;
import dev.ferry.materialize.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a row becomes a hash: its key is the prefix and the row's key ({@code features:42}), its fields
 * are the row's columns named by their field path as the file writes it ({@code score},
 * {@code payload.client} when flattened), and every value is text: a string as it is, a number or a
 * boolean as JSON writes it, a nested value as its JSON text. The key column is a field only when the
 * file chose it as one (a top-level field when {@code fields} is left out, or listed there); the
 * event's key never is, it is the hash's name. A column the event leaves out (null) is a field to
 * remove, so the hash holds exactly the event's fields after each write.
 */
final class HashLayout {

    /** One hash field: the row's column and the field's name. */
    record Field(String column, String name) {
    }

    /** The fields to set and to remove for one upsert. */
    record Change(Map<String, String> set, List<String> removed) {
    }

    private final String prefix;
    private final List<Field> fields;

    HashLayout(String prefix, List<Field> fields) {
        this.prefix = prefix;
        this.fields = List.copyOf(fields);
    }

    /** The layout of a table's rows under a key prefix. */
    static HashLayout of(TableSchema schema, RowMapping mapping, String prefix) {
        List<Field> fields = new ArrayList<>();
        for (Column c : schema.columns()) {
            boolean isKey = schema.key().map(c.name()::equals).orElse(false);
            if (!isKey || chosen(c, mapping)) {
                fields.add(new Field(c.name(), c.source()));
            }
        }
        return new HashLayout(prefix, fields);
    }

    private static boolean chosen(Column key, RowMapping mapping) {
        if (key.fromEventKey()) {
            return false;
        }
        if (!mapping.fields().isEmpty()) {
            return mapping.fields().contains(key.path());
        }
        return key.path().size() == 1 || mapping.nested() == RowMapping.Nested.FLATTEN;
    }

    /** The hash's fields, in the schema's order. */
    List<Field> fields() {
        return fields;
    }

    /** The hash's key for a row. */
    String key(Row row) {
        return prefix + text(row.key());
    }

    /** What an upsert sets and removes. */
    Change change(Row row) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (Field f : fields) {
            Object v = row.values().get(f.column());
            if (v == null) {
                removed.add(f.name());
            } else {
                set.put(f.name(), text(v));
            }
        }
        return new Change(set, removed);
    }

    /**
     * A value as a hash field's text: strings and JSON text as they are, integers and booleans as JSON
     * writes them ({@code 42}, {@code true}), numbers as Java writes a double ({@code 0.25}, {@code 3.0},
     * {@code 1.0E21}), which every language's float parser reads.
     */
    static String text(Object value) {
        return String.valueOf(value);
    }
}
