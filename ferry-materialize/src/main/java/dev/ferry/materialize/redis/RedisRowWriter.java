package dev.ferry.materialize.redis;

import dev.ferry.engine.spi.Partition;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.RowWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes one consumer's rows into Redis as hashes, one pipeline per batch: for an upsert {@code HSET}
 * of the event's fields, {@code HDEL} of the chosen fields it leaves out, and {@code PEXPIRE} when a TTL
 * is set; for a tombstone {@code DEL}. Every command sets a state rather than changing one, so a batch
 * written twice (after a crash, a replay, a retry) leaves the same hashes: at-least-once with
 * idempotent writes, and the consumer commits the offsets after each write.
 *
 * <p>Failures. Redis being away (a refused or broken connection, a timeout, {@code LOADING},
 * {@code BUSY}, an out-of-memory refusal, a replica that is read-only during a fail-over) is
 * {@linkplain #isTransient transient}: the core retries the batch with backoff until Redis answers.
 * A command that Redis refuses for its key ({@code WRONGTYPE}: the key holds a string, not a hash)
 * fails the batch, naming the key, and the engine narrows it down to its event. Wrong credentials or
 * database index, seen when the writer first connects, stop the app with a sentence naming the setting.
 *
 * <p>Threads: the core calls it one batch at a time; it holds one pooled connection per batch.
 */
final class RedisRowWriter implements RowWriter {

    /** Redis error codes of a server that is there but cannot write now. */
    private static final List<String> BUSY_CODES = List.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY",
            "OOM", "CLUSTERDOWN", "NOREPLICAS", "NOAUTH", "WRONGPASS", "NOPERM");

    private final RedisSettings settings;
    private final HashLayout layout;
    private final Optional<Long> ttlMillis;
    private final JedisPool pool;

    RedisRowWriter(RedisSettings settings, HashLayout layout, String clientName) {
        this.settings = settings;
        this.layout = layout;
        this.ttlMillis = settings.ttl().map(d -> d.toMillis());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .database(settings.database())
                .ssl(settings.tls())
                .connectionTimeoutMillis((int) settings.timeout().toMillis())
                .socketTimeoutMillis((int) settings.timeout().toMillis())
                .clientName(clientName);
        settings.user().ifPresent(client::user);
        settings.password().ifPresent(client::password);
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(2);
        poolConfig.setMaxIdle(2);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, new HostAndPort(settings.host(), settings.port()), client.build());
    }

    @Override
    public boolean storesOffsets() {
        return false;
    }

    /** Checks that Redis answers with these credentials and database; nothing to prepare. */
    @Override
    public Map<Partition, Long> open(Collection<Partition> partitions) {
        try (Jedis jedis = pool.getResource()) {
            jedis.ping();
        } catch (JedisException e) {
            Optional<String> refusal = refusal(e);
            if (refusal.isPresent()) {
                throw new MaterializeException("the Redis target cannot use " + settings + ": " + refusal.get()
                        + "; check its url, user, password and database (target.* or plugins.redis.*)", e);
            }
            throw e;
        }
        return Map.of();
    }

    @Override
    public void write(List<Row> rows, Map<Partition, Long> nextOffsets) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(rows.size() * 3);
        List<Response<?>> responses = new ArrayList<>(rows.size() * 3);
        try (Jedis jedis = pool.getResource()) {
            Pipeline p = jedis.pipelined();
            for (Row row : rows) {
                String key = layout.key(row);
                if (row.op() == Row.Op.DELETE) {
                    add(keys, responses, key, p.del(key));
                    continue;
                }
                HashLayout.Change change = layout.change(row);
                if (!change.set().isEmpty()) {
                    add(keys, responses, key, p.hset(key, change.set()));
                }
                if (!change.removed().isEmpty()) {
                    add(keys, responses, key, p.hdel(key, change.removed().toArray(String[]::new)));
                }
                if (ttlMillis.isPresent() && !change.set().isEmpty()) {
                    add(keys, responses, key, p.pexpire(key, ttlMillis.get()));
                }
            }
            p.sync();
        }
        for (int i = 0; i < responses.size(); i++) {
            try {
                responses.get(i).get();
            } catch (JedisDataException e) {
                if (isTransient(e)) {
                    throw e;
                }
                throw new RedisRefusedException("Redis refused the write of key '" + keys.get(i) + "': "
                        + e.getMessage() + (code(e).equals("WRONGTYPE") ? " (the key holds something other than a "
                        + "hash: delete it, or choose another target.key-prefix)" : ""), e);
            }
        }
    }

    private static void add(List<String> keys, List<Response<?>> responses, String key, Response<?> response) {
        keys.add(key);
        responses.add(response);
    }

    @Override
    public boolean isTransient(Exception failure) {
        if (failure instanceof RedisRefusedException || failure instanceof MaterializeException) {
            return false;
        }
        if (failure instanceof JedisDataException data) {
            return BUSY_CODES.contains(code(data));
        }
        return failure instanceof JedisException;
    }

    /** Why Redis refuses this client as configured (credentials, database), if that is what the failure is. */
    private static Optional<String> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisDataException data) {
                String code = code(data);
                String message = String.valueOf(data.getMessage()).toLowerCase(Locale.ROOT);
                if (code.equals("WRONGPASS") || code.equals("NOAUTH") || code.equals("NOPERM")
                        || (code.equals("ERR") && (message.contains("db index") || message.contains("auth")))) {
                    return Optional.of(data.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** A Redis error's code, its first word: {@code WRONGTYPE}, {@code LOADING}, {@code ERR}. */
    private static String code(JedisDataException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().trim();
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Redis refused a command for its key: the batch fails and is narrowed down to its event. */
    static final class RedisRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
