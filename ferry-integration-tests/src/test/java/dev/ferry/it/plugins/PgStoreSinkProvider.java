package dev.ferry.it.plugins;

import dev.ferry.engine.ProfileException;
import dev.ferry.engine.StartupException;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.SinkProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A write-back plug-in as a platform team would add one, proving that {@code SinkProvider} is a seam
 * and that a sink can own the input offsets: {@value #NAME} writes an app's outputs into a PostgreSQL
 * table and stores the input offsets with them, in the same transaction, so that the app is
 * exactly-once into the database without Kafka transactions ({@link PgStoreSink}).
 *
 * <p>Settings, {@code plugins.pg-store.*}: {@code table} (required; the outputs go to it, the offsets
 * to {@code <table>_offsets}, both created if missing), {@code url} (default
 * {@value #DEFAULT_URL}), {@code user} (default {@code postgres}) and {@code password} (default none).
 * Each consumer's connection is named {@code ferry-pg-store-<table>} in {@code pg_stat_activity}.
 */
public final class PgStoreSinkProvider implements SinkProvider {

    /** The name the profile's {@code write-back} uses. */
    public static final String NAME = "pg-store";

    /** Where the database is unless {@code plugins.pg-store.url} says. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    @Override
    public String name() {
        return NAME;
    }

    /** Outputs go to the database: no output topic is needed on the cluster, nor Kafka transactions. */
    @Override
    public boolean writesToCluster() {
        return false;
    }

    @Override
    public Sink create(SinkContext context) {
        PluginContext plugin = context.plugin();
        String table = plugin.setting("table", null);
        if (table == null) {
            throw new ProfileException("app '" + context.app().name() + "': write-back pg-store needs "
                    + "plugins.pg-store.table, the table its outputs go to");
        }
        if (!TABLE.matcher(table).matches()) {
            throw new ProfileException(plugin.sourceOf("table") + ": '" + table + "' is not a table name: use up to "
                    + "41 lower-case letters, digits and '_', starting with a letter or '_'");
        }
        String url = plugin.setting("url", DEFAULT_URL);
        Connection connection;
        try {
            connection = connect(url, plugin.setting("user", "postgres"), plugin.setting("password", null),
                    applicationName(table));
            PgStoreSink.createTables(connection, table);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StartupException("app '" + context.app().name() + "': write-back pg-store cannot use its "
                    + "database at " + url + " (" + plugin.sourceOf("url") + "): " + e.getMessage(), e);
        }
        return new PgStoreSink(connection, context.app().name(), table);
    }

    /** What each consumer's connection is called in {@code pg_stat_activity}. */
    public static String applicationName(String table) {
        return "ferry-pg-store-" + table;
    }

    /** A connection to the database, named {@code applicationName} on the server. */
    public static Connection connect(String url, String user, String password, String applicationName)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, p);
    }
}
