package dev.ferry.materialize.jdbc;

import static dev.ferry.materialize.jdbc.TableDefinition.quote;

import dev.ferry.engine.spi.Partition;
import dev.ferry.materialize.Column;
import dev.ferry.materialize.ColumnType;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A PostgreSQL upsert batch and its offsets in <b>one statement</b>, so one round trip: each column's
 * values go in as one array parameter, and a data-modifying {@code WITH} writes the offsets (and deletes
 * the tombstones' rows) in the same statement as the {@code INSERT ... SELECT ... FROM unnest(...) ON
 * CONFLICT (key) DO UPDATE}. Run in autocommit mode, the statement is its own transaction, so the rows and
 * the offsets are durable together or not at all, as exactly-once needs, with no {@code BEGIN} or
 * {@code COMMIT} round trips and no staging table.
 *
 * <p>Why: the {@code COPY} into a temporary staging table it replaced took four round trips per batch
 * ({@code COPY}, {@code INSERT ... SELECT}, the offsets, {@code COMMIT}) and the truncation of the staging
 * table at each commit; this is the upsert of {@code write: copy} since it measured faster (see
 * docs/materialize.md, What it costs).
 *
 * <p>The rows must be the last of each key already (a statement's {@code ON CONFLICT} cannot touch a row
 * twice), so a key is either deleted or upserted, never both. JSON columns travel as text and are cast.
 */
final class ArrayUpsert {

    private final TableSchema schema;
    private final String app;
    private final String upsert;
    private final String upsertAndDelete;

    ArrayUpsert(TableSchema schema, String table, String offsetsTable, String app) {
        this.schema = schema;
        this.app = app;
        List<Column> cols = schema.columns();
        String key = quote(schema.key().orElseThrow());
        String names = cols.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String arrays = cols.stream().map(c -> "?::" + arrayType(c.type())).collect(Collectors.joining(", "));
        String aliases = IntStream.range(0, cols.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        String selected = IntStream.range(0, cols.size()).mapToObj(i -> cols.get(i).type() == ColumnType.JSON
                ? "c" + i + "::jsonb" : "c" + i).collect(Collectors.joining(", "));
        String updates = cols.stream().filter(c -> !quote(c.name()).equals(key))
                .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name())).collect(Collectors.joining(", "));
        String offsets = "o AS (INSERT INTO " + quote(offsetsTable) + " (app, topic, \"partition\", next_offset) "
                + "SELECT ?, * FROM unnest(?::text[], ?::integer[], ?::bigint[]) ON CONFLICT (app, topic, \"partition\") "
                + "DO UPDATE SET next_offset = EXCLUDED.next_offset)";
        String rows = " INSERT INTO " + quote(table) + " (" + names + ") SELECT " + selected + " FROM unnest(" + arrays
                + ") AS u(" + aliases + ") ON CONFLICT (" + key + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
        Column keyColumn = schema.keyColumn().orElseThrow();
        String delete = "d AS (DELETE FROM " + quote(table) + " WHERE " + key + " = ANY(?::" + arrayType(keyColumn.type())
                + "))";
        this.upsert = "WITH " + offsets + rows;
        this.upsertAndDelete = "WITH " + delete + ", " + offsets + rows;
    }

    private static String arrayType(ColumnType type) {
        return switch (type) {
            case BIGINT -> "bigint[]";
            case DOUBLE -> "double precision[]";
            case BOOLEAN -> "boolean[]";
            default -> "text[]";
        };
    }

    private static String elementType(ColumnType type) {
        return switch (type) {
            case BIGINT -> "int8";
            case DOUBLE -> "float8";
            case BOOLEAN -> "bool";
            default -> "text";
        };
    }

    /**
     * Writes rows whose keys are all different (upserts and tombstones) and the offsets, as one
     * statement on a connection in autocommit mode.
     */
    void write(Connection c, List<Row> rows, Map<Partition, Long> nextOffsets) throws SQLException {
        List<Column> cols = schema.columns();
        int deletes = 0;
        for (Row r : rows) {
            if (r.op() == Row.Op.DELETE) {
                deletes++;
            }
        }
        int upserts = rows.size() - deletes;
        Object[][] values = new Object[cols.size()][];
        for (int i = 0; i < cols.size(); i++) {
            values[i] = newArray(cols.get(i).type(), upserts);
        }
        Object[] deleted = deletes == 0 ? null : newArray(schema.keyColumn().orElseThrow().type(), deletes);
        int u = 0;
        int d = 0;
        List<Column> same = null; // rows' columns found equal to these: compared once, not per row
        for (Row r : rows) {
            if (r.op() == Row.Op.DELETE) {
                deleted[d++] = r.key();
                continue;
            }
            Map<String, Object> v = r.values();
            Row.Cells cells = null;
            if (v instanceof Row.Cells x && (x.columns() == same || x.columns().equals(cols))) {
                same = x.columns();
                cells = x;
            }
            for (int i = 0; i < cols.size(); i++) {
                values[i][u] = cells != null ? cells.get(i) : v.get(cols.get(i).name());
            }
            u++;
        }
        try (PreparedStatement s = c.prepareStatement(deleted == null ? upsert : upsertAndDelete)) {
            int p = 1;
            if (deleted != null) {
                s.setArray(p++, c.createArrayOf(elementType(schema.keyColumn().orElseThrow().type()), deleted));
            }
            p = bindOffsets(c, s, p, nextOffsets);
            for (int i = 0; i < cols.size(); i++) {
                s.setArray(p++, c.createArrayOf(elementType(cols.get(i).type()), values[i]));
            }
            s.executeUpdate();
        }
    }

    private int bindOffsets(Connection c, PreparedStatement s, int first, Map<Partition, Long> nextOffsets)
            throws SQLException {
        String[] topics = new String[nextOffsets.size()];
        Integer[] partitions = new Integer[nextOffsets.size()];
        Long[] offsets = new Long[nextOffsets.size()];
        int i = 0;
        for (Map.Entry<Partition, Long> e : nextOffsets.entrySet()) {
            topics[i] = e.getKey().topic();
            partitions[i] = e.getKey().partition();
            offsets[i] = e.getValue();
            i++;
        }
        int p = first;
        s.setString(p++, app);
        s.setArray(p++, c.createArrayOf("text", topics));
        s.setArray(p++, c.createArrayOf("int4", partitions));
        s.setArray(p++, c.createArrayOf("int8", offsets));
        return p;
    }

    private static Object[] newArray(ColumnType type, int n) {
        return switch (type) {
            case BIGINT -> new Long[n];
            case DOUBLE -> new Double[n];
            case BOOLEAN -> new Boolean[n];
            default -> new String[n];
        };
    }
}
