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
    private final String where;

    TableDefinition(SqlDialect dialect, TableSchema schema, String table, String offsetsTable, boolean upsert,
                    String where) {
        this.dialect = dialect;
        this.schema = schema;
        this.table = table;
        this.offsetsTable = offsetsTable;
        this.upsert = upsert;
        this.where = where;
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
                                + "(" + where + ")");
                    }
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + quote(offsetsTable) + " (app " + dialect.typeName(
                    dev.ferry.materialize.ColumnType.TEXT) + " NOT NULL, topic " + dialect.typeName(
                    dev.ferry.materialize.ColumnType.TEXT) + " NOT NULL, \"partition\" INTEGER NOT NULL, next_offset "
                    + "BIGINT NOT NULL, PRIMARY KEY (app, topic, \"partition\"))");
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
