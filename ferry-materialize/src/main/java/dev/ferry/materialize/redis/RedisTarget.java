package dev.ferry.materialize.redis;

import dev.ferry.engine.Guarantee;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.MaterializeTarget;
import dev.ferry.materialize.RowWriter;
import dev.ferry.materialize.TargetContext;
import java.util.Set;

/**
 * The feature store: {@code target.type: redis} materializes a topic as one Redis hash per entity key
 * ({@code <key-prefix><key>}, the key being the event's key or a field), holding the event's chosen
 * fields, optionally expiring a while after its last write; a tombstone deletes the hash. Writes are
 * pipelined, one pipeline per batch, and idempotent, so the guarantee is at-least-once: a replay or a
 * retry writes the same hashes again. See {@link RedisRowWriter} for the commands and failures,
 * {@link RedisSettings} for the keys.
 */
public final class RedisTarget implements MaterializeTarget {

    /** The {@code target.type} that chooses it. */
    public static final String TYPE = "redis";

    /** Found with {@link java.util.ServiceLoader}. */
    public RedisTarget() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> keys() {
        return RedisSettings.KEYS;
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.AT_LEAST_ONCE;
    }

    /**
     * Checks that the file names a key (a hash per entity needs one) and that the settings are valid.
     *
     * @throws MaterializeException naming the key and the fix
     */
    @Override
    public void check(TargetContext context) {
        if (context.schema().key().isEmpty()) {
            throw new MaterializeException("materialize file " + context.spec().file() + ": target.key: missing; "
                    + "the redis target writes one hash per entity key: name it, as target.key: event-key (the "
                    + "event's key) or a field path such as target.key: client");
        }
        RedisSettings.read(context.config(), context.app());
    }

    /** The key prefix, such as {@code features:}. */
    @Override
    public String destination(TargetContext context) {
        return RedisSettings.read(context.config(), context.app()).keyPrefix();
    }

    @Override
    public RowWriter open(TargetContext context) {
        RedisSettings settings = RedisSettings.read(context.config(), context.app());
        HashLayout layout = HashLayout.of(context.schema(), context.spec().mapping(), settings.keyPrefix());
        return new RedisRowWriter(settings, layout, clientName(context));
    }

    /** What {@code CLIENT LIST} shows for the writer: the app and its consumer. */
    private static String clientName(TargetContext context) {
        return ("ferry-" + context.app() + "-" + context.consumer()).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
