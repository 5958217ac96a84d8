package dev.ferry.materialize.jdbc;

import static dev.ferry.materialize.jdbc.TableDefinition.quote;

import dev.ferry.materialize.Row;
import dev.ferry.materialize.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL rows through {@code COPY ... FROM STDIN} (target key {@code write: copy}, append mode), inside
 * the writer's transaction, so exactly-once is that of the JDBC path: the rows are copied straight into the
 * table. (Upserts go through {@link ArrayUpsert}: one statement per batch, which measured faster than a
 * {@code COPY} into a staging table followed by an {@code INSERT ... SELECT}.)
 */
final class CopyRows {

    private final TableSchema schema;
    private final String copyIntoTable;
    private final CopyText text = new CopyText();

    CopyRows(TableSchema schema, String table) {
        this.schema = schema;
        String names = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        this.copyIntoTable = "COPY " + quote(table) + " (" + names + ") FROM STDIN";
    }

    /** Copies rows (no tombstones) into the table, in order. */
    void append(Connection c, List<Row> rows) throws SQLException {
        text.reset();
        for (Row r : rows) {
            text.line(schema.columns(), r.values());
        }
        copy(c, copyIntoTable, text.bytes());
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
