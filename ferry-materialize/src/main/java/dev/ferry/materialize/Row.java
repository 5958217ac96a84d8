package dev.ferry.materialize;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

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

    /** Checks the op and freezes the values (which may hold nulls); {@link Cells} are frozen already. */
    public Row {
        Objects.requireNonNull(op, "op");
        values = values instanceof Cells ? values : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The values of a row the mapper made: one per column of its table, in the columns' order, which a
     * writer reads by position ({@link #get(int)}) rather than by name, and which are neither copied
     * nor hashed on the way. Immutable; a map by column name like any other row's values.
     */
    public static final class Cells extends AbstractMap<String, Object> {
        private final List<Column> columns;
        private final Object[] cells;

        /** The values {@code cells} of {@code columns}, position by position; the array is kept, not copied. */
        Cells(List<Column> columns, Object[] cells) {
            if (columns.size() != cells.length) {
                throw new IllegalArgumentException(cells.length + " values for " + columns.size() + " columns");
            }
            this.columns = columns;
            this.cells = cells;
        }

        /** The columns, as the table schema lists them (the same list). */
        public List<Column> columns() {
            return columns;
        }

        /** The value of the {@code i}-th column. */
        public Object get(int i) {
            return cells[i];
        }

        @Override
        public Object get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : cells[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return cells.length;
        }

        private int indexOf(Object name) {
            for (int i = 0; i < cells.length; i++) {
                if (columns.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < cells.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= cells.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(columns.get(i).name(), cells[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return cells.length;
                }
            };
        }
    }
}
