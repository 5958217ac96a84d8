package dev.ferry.materialize.jdbc;

import dev.ferry.materialize.TargetConfig;
import dev.ferry.materialize.TargetContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * {@code target.type: duckdb}: a table in an embedded DuckDB file, the target that needs no server.
 * {@code url} is a {@code jdbc:duckdb:<file>} address; without one, the file is
 * {@code <work dir>/<app>.duckdb} ({@code .ferry/<app>.duckdb} under the directory {@code ferry
 * materialize} runs in). One connection per consumer, kept open (DuckDB lets one process at a time
 * write a file: stop the materialization to read the file from another process).
 */
public final class DuckDbTarget extends JdbcTarget {

    /** The target's type. */
    public static final String TYPE = "duckdb";

    /** Creates the target (found with ServiceLoader). */
    public DuckDbTarget() {
        super(SqlDialect.DUCKDB);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    void checkConnection(TargetContext context) {
        url(context);
    }

    /** The file's JDBC address: {@code url}, or the app's file under the work directory. */
    static String url(TargetContext context) {
        TargetConfig config = context.config();
        String url = config.get("url").orElse("jdbc:duckdb:" + context.workDir().resolve(context.app() + ".duckdb"));
        if (!url.startsWith("jdbc:duckdb:")) {
            throw config.error("url", "'" + url + "' is not a DuckDB JDBC address: jdbc:duckdb:<file>, or leave it out "
                    + "for " + context.workDir().resolve(context.app() + ".duckdb"));
        }
        if (url.equals("jdbc:duckdb:") || url.equals("jdbc:duckdb::memory:")) {
            throw config.error("url", "an in-memory DuckDB forgets its rows and offsets on every stop; name a file");
        }
        return url;
    }

    @Override
    ConnectionSource connect(TargetContext context) {
        String url = url(context);
        Path file = Path.of(url.substring("jdbc:duckdb:".length()).replaceFirst("\\?.*$", ""));
        return new ConnectionSource() {
            private Connection connection;

            @Override
            public synchronized Connection get() throws SQLException {
                if (connection == null || connection.isClosed()) {
                    try {
                        Path dir = file.toAbsolutePath().getParent();
                        if (dir != null) {
                            Files.createDirectories(dir);
                        }
                    } catch (IOException e) {
                        throw new SQLException("cannot create the directory of DuckDB file " + file + ": " + e, e);
                    }
                    connection = DriverManager.getConnection(url);
                }
                return connection;
            }

            @Override
            public synchronized void release(Connection c, boolean broken) {
                if (broken && connection != null) {
                    try {
                        connection.rollback();
                    } catch (SQLException e) {
                        close();
                    }
                }
            }

            @Override
            public synchronized void close() {
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // closing: nothing left to save
                    }
                    connection = null;
                }
            }
        };
    }
}
