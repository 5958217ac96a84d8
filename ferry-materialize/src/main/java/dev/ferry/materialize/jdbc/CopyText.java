package dev.ferry.materialize.jdbc;

import dev.ferry.materialize.Column;
import dev.ferry.materialize.ColumnType;
import dev.ferry.materialize.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows as PostgreSQL's COPY text format ({@code COPY ... FROM STDIN}, the default format): a line per
 * row, columns separated by a tab, {@code \N} for null, and a backslash, tab, newline or carriage return
 * inside a value escaped ({@code \\}, {@code \t}, {@code \n}, {@code \r}), so that any text (or JSON
 * text, for {@code jsonb}) arrives as it was. Booleans are {@code t}/{@code f}; numbers are Java's text,
 * which PostgreSQL reads back to the same value. Encoded as UTF-8, the driver's client encoding.
 */
final class CopyText {

    private final StringBuilder out = new StringBuilder(1 << 16);
    private List<Column> checkedRows;
    private List<Column> checkedColumns;

    /** Starts a new batch. */
    void reset() {
        out.setLength(0);
    }

    /** Adds one line: the values of {@code columns} from {@code values}, then {@code extra} columns if any. */
    void line(List<Column> columns, java.util.Map<String, Object> values, String... extra) {
        // a mapped row's values are its table's columns in order: read by position, not looked up by name
        Row.Cells cells = values instanceof Row.Cells c && sameColumns(c.columns(), columns) ? c : null;
        boolean first = true;
        for (int i = 0, n = columns.size(); i < n; i++) {
            if (!first) {
                out.append('\t');
            }
            first = false;
            Column col = columns.get(i);
            value(col.type(), cells != null ? cells.get(i) : values.get(col.name()));
        }
        for (String e : extra) {
            if (!first) {
                out.append('\t');
            }
            first = false;
            out.append(e);
        }
        out.append('\n');
    }

    /** Whether a row's columns are these (the mapper's schema is equal to the writer's, not the same object). */
    private boolean sameColumns(List<Column> rows, List<Column> columns) {
        if (rows == checkedRows && columns == checkedColumns) {
            return true;
        }
        if (!rows.equals(columns)) {
            return false;
        }
        checkedRows = rows;
        checkedColumns = columns;
        return true;
    }

    private void value(ColumnType type, Object v) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        switch (type) {
            case BIGINT -> out.append(((Long) v).longValue());
            case DOUBLE -> out.append(((Double) v).doubleValue());
            case BOOLEAN -> out.append((Boolean) v ? 't' : 'f');
            default -> text((String) v);
        }
    }

    private void text(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** The batch's bytes. */
    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
