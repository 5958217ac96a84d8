package dev.ferry.materialize;

import dev.ferry.engine.Guarantee;
import java.util.Set;

/**
 * A kind of datastore a topic can be materialized into ({@code postgres}, {@code duckdb},
 * {@code redis}): found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.ferry.materialize.MaterializeTarget}) and chosen by the file's
 * {@code target.type}. The core maps and checks every event into a {@link Row} in the app's function
 * (so a bad event fails at itself and follows the poison policy), and hands the rows of each batch to
 * the target's {@link RowWriter}; a target only writes rows.
 *
 * <p>A target is stateless and shared: {@link #check} runs once at start-up, {@link #open} once per
 * consumer of the app.
 */
public interface MaterializeTarget {

    /** The {@code target.type} that chooses it, such as {@code postgres}. */
    String type();

    /**
     * Its own keys under {@code target:} (besides the core's {@code type}, {@code key}, {@code fields},
     * {@code nested} and {@code max-column-bytes}); any other key in the file is refused, naming these.
     */
    Set<String> keys();

    /**
     * The guarantee it gives: {@link Guarantee#EXACTLY_ONCE} for a target whose writer stores the
     * consumed offsets with the rows ({@link RowWriter#storesOffsets()}), {@link Guarantee#AT_LEAST_ONCE}
     * for one whose writes are idempotent.
     */
    Guarantee guarantee();

    /**
     * Checks its settings against the table's schema before anything runs (a missing {@code table}, a
     * mode that needs a key the file does not give), without reaching the store.
     *
     * @throws MaterializeException naming the setting (see {@link TargetConfig#error}) and the fix
     */
    void check(TargetContext context);

    /**
     * What the rows go to, for the app's announcement and the hub: the table, or a key prefix. Its
     * output is named {@code <type>.<destination>}. By default the app's name.
     */
    default String destination(TargetContext context) {
        return context.app();
    }

    /**
     * The writer of one consumer. It may reach the store lazily: a store that is down at start is
     * waited for, as during a run (see {@link RowWriter#isTransient}).
     *
     * @throws MaterializeException if a setting is wrong
     */
    RowWriter open(TargetContext context);
}
