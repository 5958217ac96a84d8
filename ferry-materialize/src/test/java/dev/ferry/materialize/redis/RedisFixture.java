package dev.ferry.materialize.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The real Redis at 127.0.0.1:6379 as a test sees it: database {@value #DATABASE} (so a test never
 * touches database 0), a key prefix unique to each test, the hashes under it, and their removal after.
 */
final class RedisFixture implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;
    static final int DATABASE = 5;

    final String prefix;
    private Jedis jedis;

    RedisFixture(String name) {
        this.prefix = "ferry-test:" + name + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
        this.jedis = connect();
    }

    private static Jedis connect() {
        Jedis j = new Jedis(HOST, PORT);
        j.select(DATABASE);
        return j;
    }

    /** The connection, made again if Redis closed it (a test that restarts Redis). */
    synchronized Jedis jedis() {
        if (jedis.isBroken() || !jedis.isConnected()) {
            jedis.close();
            jedis = connect();
        }
        return jedis;
    }

    /** Every key under the prefix (all of them, so that one too many shows). */
    synchronized List<String> keys() {
        List<String> out = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(1000);
        do {
            ScanResult<String> page = jedis().scan(cursor, match);
            out.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        out.sort(null);
        return out;
    }

    /** Every hash under the prefix, by key, each as its fields. */
    synchronized Map<String, Map<String, String>> hashes() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String k : keys()) {
            out.put(k, new TreeMap<>(jedis().hgetAll(k)));
        }
        return out;
    }

    synchronized Map<String, String> hash(String entity) {
        return new TreeMap<>(jedis().hgetAll(prefix + entity));
    }

    synchronized long pttl(String entity) {
        return jedis().pttl(prefix + entity);
    }

    @Override
    public synchronized void close() {
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            jedis().del(keys.toArray(String[]::new));
        }
        jedis.close();
    }
}
