package dev.ferry.materialize.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.materialize.TargetConfig;
import dev.ferry.materialize.TargetContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code target.type: postgres}: a PostgreSQL table, written through a HikariCP pool with COPY (or
 * batched, rewritten inserts). {@code url} is required (a {@code jdbc:postgresql://} address, from the file or
 * the profile's {@code plugins.postgres.url}); {@code user} (default {@code postgres}) and
 * {@code password} (default none) usually come from the profile or the environment
 * ({@code FERRY_PLUGINS_POSTGRES_PASSWORD}); {@code pool-size} (default 2) connections per consumer.
 * Each connection is named {@code ferry-materialize-<app>} in {@code pg_stat_activity}.
 */
public final class PostgresTarget extends JdbcTarget {

    /** The target's type. */
    public static final String TYPE = "postgres";

    /** Creates the target (found with ServiceLoader). */
    public PostgresTarget() {
        super(SqlDialect.POSTGRES);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new HashSet<>(COMMON_KEYS);
        keys.add("pool-size");
        keys.add("write");
        return keys;
    }

    @Override
    void checkConnection(TargetContext context) {
        url(context.config());
        context.config().integer("pool-size", 2, 1, 100);
        viaCopy(context);
    }

    /** {@code write}: {@code copy} (the default: {@code COPY ... FROM STDIN}) or {@code batch} (JDBC batches). */
    @Override
    boolean viaCopy(TargetContext context) {
        return context.config().choice("write", "copy", "copy", "batch").equals("copy");
    }

    private static String url(TargetConfig config) {
        String url = config.get("url").orElseThrow(() -> config.error("url", "missing: the PostgreSQL database, such "
                + "as jdbc:postgresql://127.0.0.1:5432/warehouse (in the file, or plugins.postgres.url in the platform "
                + "profile, or FERRY_PLUGINS_POSTGRES_URL)"));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw config.error("url", "'" + url + "' is not a PostgreSQL JDBC address: it starts with jdbc:postgresql://");
        }
        return url;
    }

    /** What each connection of an app is called in {@code pg_stat_activity}. */
    public static String applicationName(String app) {
        return "ferry-materialize-" + app;
    }

    @Override
    ConnectionSource connect(TargetContext context) {
        TargetConfig config = context.config();
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(url(config));
        h.setUsername(config.get("user", "postgres"));
        config.get("password").ifPresent(h::setPassword);
        h.setMaximumPoolSize(config.integer("pool-size", 2, 1, 100));
        h.setMinimumIdle(0);
        h.setAutoCommit(false);
        h.setConnectionTimeout(5_000);
        h.setValidationTimeout(2_000);
        h.setInitializationFailTimeout(-1); // a database that is down at start is waited for, not fatal
        h.setPoolName("ferry-materialize-" + context.app() + "-" + context.consumer());
        h.addDataSourceProperty("ApplicationName", applicationName(context.app()));
        h.addDataSourceProperty("reWriteBatchedInserts", "true");
        h.addDataSourceProperty("connectTimeout", "5");
        HikariDataSource pool = new HikariDataSource(h);
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void release(Connection connection, boolean broken) {
                try {
                    if (broken) {
                        pool.evictConnection(connection);
                    } else {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // a connection that cannot be closed is the pool's to drop
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
