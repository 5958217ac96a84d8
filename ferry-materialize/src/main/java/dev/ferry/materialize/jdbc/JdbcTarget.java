package dev.ferry.materialize.jdbc;

import dev.ferry.engine.Guarantee;
import dev.ferry.materialize.MaterializeTarget;
import dev.ferry.materialize.RowWriter;
import dev.ferry.materialize.TargetConfig;
import dev.ferry.materialize.TargetContext;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A SQL table as a target (PostgreSQL, DuckDB): the settings they share ({@code table},
 * {@code mode}, {@code offsets-table}, {@code url}, {@code user}, {@code password}) and the
 * {@link JdbcRowWriter}; each subclass says how it connects. Exactly-once: the consumed offsets are
 * stored in the offsets table in the same transaction as the rows.
 */
abstract class JdbcTarget implements MaterializeTarget {

    /** The offsets table unless {@code offsets-table} says. */
    static final String DEFAULT_OFFSETS_TABLE = "ferry_offsets";

    static final Set<String> COMMON_KEYS = Set.of("url", "user", "password", "table", "mode", "offsets-table");

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final SqlDialect dialect;

    JdbcTarget(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Set<String> keys() {
        return COMMON_KEYS;
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.EXACTLY_ONCE;
    }

    @Override
    public void check(TargetContext context) {
        table(context);
        identifier(context.config(), "offsets-table", DEFAULT_OFFSETS_TABLE);
        boolean upsert = upsert(context);
        if (upsert && context.schema().key().isEmpty()) {
            throw context.config().error("mode", "upsert needs a key: set target.key to a field path (such as "
                    + "payload.client) or event-key, or use mode: append");
        }
        checkConnection(context);
    }

    @Override
    public String destination(TargetContext context) {
        return table(context);
    }

    @Override
    public RowWriter open(TargetContext context) {
        TargetConfig config = context.config();
        String table = table(context);
        ConnectionSource connections = connect(context);
        String offsetsTable = identifier(config, "offsets-table", DEFAULT_OFFSETS_TABLE);
        boolean upsert = upsert(context);
        boolean viaCopy = viaCopy(context);
        return new SchemaFollowingWriter(context.app(), table, context.schema(), schema -> new JdbcRowWriter(
                context.app(), dialect, connections, schema, table, offsetsTable, upsert, viaCopy));
    }

    /** Whether rows are written with PostgreSQL's COPY rather than JDBC batches (only PostgreSQL can). */
    boolean viaCopy(TargetContext context) {
        return false;
    }

    /** Checks the connection settings, without connecting. */
    abstract void checkConnection(TargetContext context);

    /** Where one writer's connections come from; lazily, so that a store that is down is waited for. */
    abstract ConnectionSource connect(TargetContext context);

    /** The table: {@code table}, else the topic's name with anything but letters and digits as '_'. */
    static String table(TargetContext context) {
        String fallback = context.spec().topic().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (Character.isDigit(fallback.charAt(0))) {
            fallback = "_" + fallback;
        }
        return identifier(context.config(), "table", fallback);
    }

    private static String identifier(TargetConfig config, String key, String fallback) {
        String v = config.get(key, fallback).trim();
        if (!TABLE.matcher(v).matches()) {
            throw config.error(key, "'" + v + "' is not a table name: use up to 63 lower-case letters, digits and '_', "
                    + "starting with a letter or '_'");
        }
        return v;
    }

    /** Whether rows are upserted on their key: {@code mode}, by default upsert when there is a key. */
    static boolean upsert(TargetContext context) {
        String fallback = context.schema().key().isPresent() ? "upsert" : "append";
        return context.config().choice("mode", fallback, "upsert", "append").equals("upsert");
    }
}
