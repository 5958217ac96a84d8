package dev.ferry.materialize.jdbc;

import dev.ferry.materialize.Column;
import dev.ferry.materialize.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the store's tables fit the schema: creates the table (the key column its primary key in
 * upsert mode) and the offsets table if they are missing; adds a column the schema has and the table
 * does not (a new field: every column is nullable, so old rows get null); and refuses a column whose
 * type differs from the schema's, naming it. A column the table has and the schema does not is left
 * alone (new rows get null).
 */
final class TableDefinition {

    private final SqlDialect dialect;
    private final TableSchema schema;
    private final String table;
    private final String offsetsTable;
    private final boolean upsert;

    TableDefinition(SqlDialect dialect, TableSchema schema, String table, String offsetsTable, boolean upsert) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.offsetsTable = offsetsTable;
        this.upsert = upsert;
    }

    /** Creates or evolves the tables, in one transaction. */
    void apply(Connection c) throws SQLException, IncompatibleTableException {
        Map<String, String> existing = columns(c, table);
        try (Statement s = c.createStatement()) {
            if (existing.isEmpty()) {
                s.execute(createTable());
            } else {
                for (Column col : schema.columns()) {
                    String type = existing.get(col.name());
                    if (type == null) {
                        s.execute("ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(col.name()) + " "
                                + dialect.typeName(col.type()));
                    } else if (!dialect.sameType(col.type(), type)) {
                        throw new IncompatibleTableException("column '" + col.name() + "' of table '" + table + "' is "
                                + type.toLowerCase(Locale.ROOT) + ", but field '" + col.source() + "' is "
                                + col.type().expected() + " (" + dialect.typeName(col.type()) + ") in the schema (from "
                                + schema.source() + "); change the column (ALTER TABLE), or materialize into a new table "
                                + "(target.table)");
                    }
                }
                if (upsert) {
                    checkConflictTarget(s);
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + quote(offsetsTable) + " (app " + dialect.typeName(
                    dev.ferry.materialize.ColumnType.TEXT) + " NOT NULL, topic " + dialect.typeName(
                    dev.ferry.materialize.ColumnType.TEXT) + " NOT NULL, \"partition\" INTEGER NOT NULL, next_offset "
                    + "BIGINT NOT NULL, PRIMARY KEY (app, topic, \"partition\"))");
        }
    }

    /**
     * Upserts need a primary key or unique constraint on the key column: an INSERT of no rows with the
     * key as its conflict target is refused at once by a table that has none (PostgreSQL: 42P10; DuckDB: a
     * binder error), so that is found here, not at the first event (which would then fail each event).
     */
    private void checkConflictTarget(Statement s) throws SQLException, IncompatibleTableException {
        String key = schema.key().orElseThrow();
        try {
            s.execute("INSERT INTO " + quote(table) + " (" + quote(key) + ") SELECT " + quote(key) + " FROM " + quote(table)
                    + " WHERE 1 = 0 ON CONFLICT (" + quote(key) + ") DO NOTHING");
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            throw new IncompatibleTableException("table '" + table + "' has no primary key or unique constraint on key "
                    + "column '" + key + "', which upsert needs: add one (ALTER TABLE " + table + " ADD PRIMARY KEY ("
                    + key + ")), use mode: append, or materialize into a new table (target.table)");
        }
    }

    private String createTable() {
        List<String> defs = new ArrayList<>();
        for (Column col : schema.columns()) {
            boolean key = upsert && schema.key().map(col.name()::equals).orElse(false);
            defs.add(quote(col.name()) + " " + dialect.typeName(col.type()) + (key ? " PRIMARY KEY" : ""));
        }
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + String.join(", ", defs) + ")";
    }

    /** A table's columns and their types, or none if it does not exist. */
    static Map<String, String> columns(Connection c, String table) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_name = ? AND table_schema = current_schema()")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
        }
        return out;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
