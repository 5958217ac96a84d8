package dev.ferry.materialize.jdbc;

import static dev.ferry.materialize.jdbc.TableDefinition.quote;

import dev.ferry.materialize.Column;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL rows through {@code COPY ... FROM STDIN} (target key {@code write: copy}), inside the
 * writer's transaction, so exactly-once is that of the JDBC path. Append: the rows are copied straight
 * into the table. Upsert (a batch already reduced to the last row of each key): the rows are copied into
 * a temporary staging table ({@code ON COMMIT DELETE ROWS}, created once per connection) with a column
 * saying which are tombstones, then one {@code DELETE ... USING} the staging table (only if the batch
 * has tombstones) and one {@code INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE} apply them.
 */
final class CopyRows {

    /** The staging table, in the connection's own temporary schema. */
    static final String STAGING = "ferry_staging";
    private static final String TOMBSTONE = "ferry_tombstone";

    private final TableSchema schema;
    private final String copyIntoTable;
    private final String createStaging;
    private final String copyIntoStaging;
    private final String deleteFromStaging;
    private final String upsertFromStaging;
    private final CopyText text = new CopyText();
    private final Set<PGConnection> staged = Collections.newSetFromMap(new WeakHashMap<>());

    CopyRows(TableSchema schema, String table) {
        this.schema = schema;
        String names = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        this.copyIntoTable = "COPY " + quote(table) + " (" + names + ") FROM STDIN";
        String defs = schema.columns().stream().map(c -> quote(c.name()) + " "
                + SqlDialect.POSTGRES.typeName(c.type())).collect(Collectors.joining(", "));
        this.createStaging = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGING + " (" + defs + ", " + TOMBSTONE
                + " boolean NOT NULL) ON COMMIT DELETE ROWS";
        this.copyIntoStaging = "COPY " + STAGING + " (" + names + ", " + TOMBSTONE + ") FROM STDIN";
        String key = schema.key().map(TableDefinition::quote).orElse(null);
        if (key == null) {
            this.deleteFromStaging = null;
            this.upsertFromStaging = null;
        } else {
            String updates = schema.columns().stream().filter(c -> !c.name().equals(schema.key().orElseThrow()))
                    .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name())).collect(Collectors.joining(", "));
            this.deleteFromStaging = "DELETE FROM " + quote(table) + " t USING " + STAGING + " s WHERE t." + key + " = s."
                    + key + " AND s." + TOMBSTONE;
            this.upsertFromStaging = "INSERT INTO " + quote(table) + " (" + names + ") SELECT " + names + " FROM " + STAGING
                    + " WHERE NOT " + TOMBSTONE + " ON CONFLICT (" + key + ") DO "
                    + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
        }
    }

    /** Copies rows (no tombstones) into the table, in order. */
    void append(Connection c, List<Row> rows) throws SQLException {
        text.reset();
        for (Row r : rows) {
            text.line(schema.columns(), r.values());
        }
        copy(c, copyIntoTable, text.bytes());
    }

    /** Applies rows whose keys are all different (upserts and tombstones) through the staging table. */
    void upsert(Connection c, List<Row> rows) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        if (!staged.contains(pg)) {
            try (Statement s = c.createStatement()) {
                s.execute(createStaging);
            }
            staged.add(pg);
        }
        text.reset();
        boolean tombstones = false;
        Column key = schema.keyColumn().orElseThrow();
        for (Row r : rows) {
            if (r.op() == Row.Op.DELETE) {
                tombstones = true;
                text.line(schema.columns(), Collections.singletonMap(key.name(), r.key()), "t");
            } else {
                text.line(schema.columns(), r.values(), "f");
            }
        }
        copy(c, copyIntoStaging, text.bytes());
        try (Statement s = c.createStatement()) {
            if (tombstones) {
                s.executeUpdate(deleteFromStaging);
            }
            s.executeUpdate(upsertFromStaging);
        }
    }

    private static void copy(Connection c, String sql, byte[] data) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            in.writeToCopy(data, 0, data.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
