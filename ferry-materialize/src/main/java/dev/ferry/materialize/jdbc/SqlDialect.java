package dev.ferry.materialize.jdbc;

import dev.ferry.materialize.ColumnType;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Locale;

/** What differs between the SQL targets: type names, the JSON cast, and which failures are the store being away. */
enum SqlDialect {

    /** PostgreSQL: {@code text}, {@code bigint}, {@code double precision}, {@code boolean}, {@code jsonb}. */
    POSTGRES(1, "text", "bigint", "double precision", "boolean", "jsonb"),
    /** DuckDB: {@code VARCHAR}, {@code BIGINT}, {@code DOUBLE}, {@code BOOLEAN}, {@code JSON}. */
    DUCKDB(200, "VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "JSON");

    private final int rowsPerStatement;
    private final String[] names;

    SqlDialect(int rowsPerStatement, String... names) {
        this.rowsPerStatement = rowsPerStatement;
        this.names = names;
    }

    /**
     * How many rows one INSERT statement carries: 1 for PostgreSQL, whose driver rewrites a JDBC batch
     * into multi-row statements; 200 for DuckDB, which runs a JDBC batch one row at a time.
     */
    int rowsPerStatement() {
        return rowsPerStatement;
    }

    /** The SQL type of a column type. */
    String typeName(ColumnType type) {
        return names[type.ordinal()];
    }

    /** Whether a column's type as {@code information_schema.columns.data_type} gives it is {@code type}'s. */
    boolean sameType(ColumnType type, String dataType) {
        return typeName(type).toLowerCase(Locale.ROOT).equals(dataType.toLowerCase(Locale.ROOT));
    }

    /** The parameter placeholder of a column of this type: JSON is cast from its text. */
    String placeholder(ColumnType type) {
        return type == ColumnType.JSON ? "CAST(? AS " + typeName(type) + ")" : "?";
    }

    /**
     * Whether a failure is the store being away for a while: a connection failure (SQL state class 08),
     * the server shutting down or starting (57P01-57P03), too many connections (53300), a serialization
     * failure or deadlock (40001, 40P01), a pool timeout, or an I/O failure underneath.
     */
    boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300") || state.equals("40001")
                        || state.equals("40P01")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
