package dev.ferry.materialize.jdbc;

import static dev.ferry.materialize.jdbc.TableDefinition.quote;

import dev.ferry.engine.spi.Partition;
import dev.ferry.materialize.Column;
import dev.ferry.materialize.ColumnType;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.RowWriter;
import dev.ferry.materialize.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One consumer's writer into a SQL table: each batch is one transaction of JDBC batches (the rows,
 * then the consumed offsets in the offsets table), so rows and offsets are durable together or not at
 * all, and {@link #open} resumes from the offsets: exactly-once, in upsert and in append mode.
 *
 * <p>In upsert mode a batch's rows are first reduced to the last of each key (what the table would
 * hold after all of them), so that one transaction never touches a key twice; then deletes and upserts
 * ({@code INSERT ... ON CONFLICT (key) DO UPDATE}) go in one JDBC batch each. In append mode the rows are
 * inserted in order, a tombstone deleting every row of its key, each run of the same kind one JDBC batch.
 * With PostgreSQL's {@code write: copy} (the default) an upsert batch is instead one statement with its
 * offsets ({@link ArrayUpsert}, in autocommit mode: its own transaction, one round trip), and appended rows
 * go through {@link CopyRows}: one {@code COPY} per run of rows between tombstones.
 */
final class JdbcRowWriter implements RowWriter {

    private final String app;
    private final SqlDialect dialect;
    private final ConnectionSource connections;
    private final TableSchema schema;
    private final TableDefinition definition;
    private final boolean upsert;
    private final String insertHead;
    private final String rowParams;
    private final String conflict;
    private final String delete;
    private final String upsertOffset;
    private final String selectOffsets;
    private final CopyRows copy;
    private final ArrayUpsert arrays;
    private boolean prepared;

    JdbcRowWriter(String app, SqlDialect dialect, ConnectionSource connections, TableSchema schema, String table,
                  String offsetsTable, boolean upsert, boolean viaCopy) {
        this.app = app;
        this.dialect = dialect;
        this.connections = connections;
        this.schema = schema;
        this.upsert = upsert;
        this.definition = new TableDefinition(dialect, schema, table, offsetsTable, upsert);
        String names = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String params = schema.columns().stream().map(c -> dialect.placeholder(c.type()))
                .collect(Collectors.joining(", "));
        this.insertHead = "INSERT INTO " + quote(table) + " (" + names + ") VALUES ";
        this.rowParams = "(" + params + ")";
        String key = schema.key().map(TableDefinition::quote).orElse(null);
        String onConflict = "";
        if (upsert) {
            String updates = schema.columns().stream().filter(c -> !c.name().equals(schema.key().orElseThrow()))
                    .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name())).collect(Collectors.joining(", "));
            onConflict = " ON CONFLICT (" + key + ") DO " + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
        }
        this.conflict = onConflict;
        this.delete = key == null ? null : "DELETE FROM " + quote(table) + " WHERE " + key + " = ?";
        this.upsertOffset = "INSERT INTO " + quote(offsetsTable) + " (app, topic, \"partition\", next_offset) VALUES "
                + "(?, ?, ?, ?) ON CONFLICT (app, topic, \"partition\") DO UPDATE SET next_offset = EXCLUDED.next_offset";
        this.copy = viaCopy ? new CopyRows(schema, table) : null;
        this.arrays = viaCopy && upsert ? new ArrayUpsert(schema, table, offsetsTable, app) : null;
        this.selectOffsets = "SELECT topic, \"partition\", next_offset FROM " + quote(offsetsTable) + " WHERE app = ?";
    }

    @Override
    public boolean storesOffsets() {
        return true;
    }

    @Override
    public Map<Partition, Long> open(Collection<Partition> partitions) throws Exception {
        Connection c = connections.get();
        boolean broken = true;
        try {
            c.setAutoCommit(false);
            prepare(c);
            Set<Partition> wanted = new HashSet<>(partitions);
            Map<Partition, Long> stored = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(selectOffsets)) {
                s.setString(1, app);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Partition p = new Partition(r.getString(1), r.getInt(2));
                        if (wanted.contains(p)) {
                            stored.put(p, r.getLong(3));
                        }
                    }
                }
            }
            c.commit();
            broken = false;
            return stored;
        } catch (Exception e) {
            rollback(c);
            throw e;
        } finally {
            connections.release(c, broken);
        }
    }

    /** The columns it writes. */
    TableSchema schema() {
        return schema;
    }

    /** Creates or evolves the tables for its schema, once; see {@link TableDefinition}. */
    void prepare() throws SQLException, IncompatibleTableException {
        Connection c = connections.get();
        boolean broken = true;
        try {
            c.setAutoCommit(false);
            prepare(c);
            broken = false;
        } catch (SQLException | IncompatibleTableException | RuntimeException e) {
            rollback(c);
            throw e;
        } finally {
            connections.release(c, broken);
        }
    }

    private void prepare(Connection c) throws SQLException, IncompatibleTableException {
        if (!prepared) {
            definition.apply(c);
            c.commit();
            prepared = true;
        }
    }

    @Override
    public void write(List<Row> rows, Map<Partition, Long> nextOffsets) throws SQLException {
        Connection c = connections.get();
        boolean broken = true;
        try {
            if (arrays != null) {
                c.setAutoCommit(true);
                arrays.write(c, lastOfEachKey(rows), nextOffsets);
                broken = false;
                return;
            }
            c.setAutoCommit(false);
            List<Row> effective = upsert ? lastOfEachKey(rows) : rows;
            writeRows(c, effective);
            writeOffsets(c, nextOffsets);
            c.commit();
            broken = false;
        } catch (SQLException | RuntimeException e) {
            rollback(c);
            throw e;
        } finally {
            connections.release(c, broken);
        }
    }

    /**
     * What the table holds after the rows: the last of each key, in the order of those last ones (the
     * rows themselves when no key repeats). One hash lookup per row: the profile had the map's churn of a
     * remove and a put per row among the writer's top frames.
     */
    static List<Row> lastOfEachKey(List<Row> rows) {
        Map<Object, Integer> lastAt = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            lastAt.put(rows.get(i).key(), i);
        }
        if (lastAt.size() == rows.size()) {
            return rows;
        }
        List<Row> out = new ArrayList<>(lastAt.size());
        for (int i = 0; i < rows.size(); i++) {
            if (lastAt.get(rows.get(i).key()) == i) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    private void writeRows(Connection c, List<Row> rows) throws SQLException {
        int i = 0;
        while (i < rows.size()) {
            Row.Op op = rows.get(i).op();
            int end = i;
            while (end < rows.size() && rows.get(end).op() == op) {
                end++;
            }
            if (op == Row.Op.DELETE) {
                deletes(c, rows.subList(i, end));
            } else if (copy != null) {
                copy.append(c, rows.subList(i, end));
            } else {
                inserts(c, rows.subList(i, end));
            }
            i = end;
        }
    }

    /**
     * Inserts (or upserts) rows: a JDBC batch of one-row statements where the driver rewrites batches
     * into multi-row statements itself (PostgreSQL's {@code reWriteBatchedInserts}), else multi-row
     * statements of up to {@link SqlDialect#rowsPerStatement()} rows (DuckDB runs a batch row by row:
     * 100,000 rows took 34 s that way).
     */
    private void inserts(Connection c, List<Row> rows) throws SQLException {
        int per = dialect.rowsPerStatement();
        if (per == 1) {
            try (PreparedStatement s = c.prepareStatement(insertHead + rowParams + conflict)) {
                for (Row r : rows) {
                    bindRow(s, 1, r);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return;
        }
        for (int from = 0; from < rows.size(); from += per) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + per));
            String sql = insertHead + String.join(", ", java.util.Collections.nCopies(chunk.size(), rowParams)) + conflict;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int p = 1;
                for (Row r : chunk) {
                    p = bindRow(s, p, r);
                }
                s.executeUpdate();
            }
        }
    }

    private int bindRow(PreparedStatement s, int first, Row r) throws SQLException {
        int p = first;
        for (Column col : schema.columns()) {
            bind(s, p++, col.type(), r.values().get(col.name()));
        }
        return p;
    }

    private void deletes(Connection c, List<Row> rows) throws SQLException {
        Column key = schema.keyColumn().orElseThrow();
        try (PreparedStatement s = c.prepareStatement(delete)) {
            for (Row r : rows) {
                bind(s, 1, key.type(), r.key());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void writeOffsets(Connection c, Map<Partition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(upsertOffset)) {
            for (Map.Entry<Partition, Long> e : nextOffsets.entrySet()) {
                s.setString(1, app);
                s.setString(2, e.getKey().topic());
                s.setInt(3, e.getKey().partition());
                s.setLong(4, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bind(PreparedStatement s, int index, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            s.setNull(index, switch (type) {
                case BIGINT -> Types.BIGINT;
                case DOUBLE -> Types.DOUBLE;
                case BOOLEAN -> Types.BOOLEAN;
                default -> Types.VARCHAR;
            });
            return;
        }
        switch (type) {
            case BIGINT -> s.setLong(index, (Long) value);
            case DOUBLE -> s.setDouble(index, (Double) value);
            case BOOLEAN -> s.setBoolean(index, (Boolean) value);
            default -> s.setString(index, (String) value);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: it is not used again, and the next write says why
        }
    }

    @Override
    public boolean isTransient(Exception failure) {
        return dialect.isTransient(failure);
    }

    @Override
    public void close() {
        connections.close();
    }
}
