package dev.ferry.materialize.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a writer gets its connection for one transaction: a pool, or DuckDB's one connection. */
interface ConnectionSource extends AutoCloseable {

    /** A connection for one transaction; {@link #release} gives it back. */
    Connection get() throws SQLException;

    /** Gives back a connection from {@link #get}; {@code broken} if it failed, so it is not used again. */
    void release(Connection connection, boolean broken);

    @Override
    void close();
}
