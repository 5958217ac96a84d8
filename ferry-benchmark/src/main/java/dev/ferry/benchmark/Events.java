package dev.ferry.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The benchmark's input: keyed JSON events of about 200 bytes, the same for every run with the same
 * index. The key is the customer, so one customer's events stay in order on one partition.
 *
 * <pre>{@code
 * {"id":"evt-000000000042","customer":"c-0031337","type":"add_to_cart","amount":126.31,"currency":"EUR",
 *  "ts":1767225600042,"page":"/products/48213","session":"s-3f2a9c1e77d0","country":"NL","device":"mobile"}
 * }</pre>
 */
final class Events {

    /** The {@code ts} of event 0 in the throughput run: 2026-01-01T00:00:00Z. */
    static final long EPOCH_MS = 1_767_225_600_000L;
    static final int CUSTOMERS = 100_000;

    private static final String[] TYPES = {"page_view", "add_to_cart", "checkout", "search"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
    private static final String[] COUNTRIES = {"NL", "DE", "US", "GB", "FR", "ES"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

    private Events() {
    }

    /** One event, keyed by its customer. */
    record Event(byte[] key, byte[] value) {
    }

    /** Event {@code index} with the given {@code ts} (milliseconds since the epoch). */
    static Event event(long index, long ts) {
        SplittableRandom r = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
        String customer = String.format(Locale.ROOT, "c-%07d", r.nextInt(CUSTOMERS));
        String json = String.format(Locale.ROOT,
                "{\"id\":\"evt-%012d\",\"customer\":\"%s\",\"type\":\"%s\",\"amount\":%d.%02d,\"currency\":\"%s\","
                        + "\"ts\":%d,\"page\":\"/products/%05d\",\"session\":\"s-%012x\",\"country\":\"%s\",\"device\":\"%s\"}",
                index, customer, pick(r, TYPES), r.nextInt(1000), r.nextInt(100), pick(r, CURRENCIES), ts,
                r.nextInt(100_000), r.nextLong() & 0xFFFF_FFFF_FFFFL, pick(r, COUNTRIES), pick(r, DEVICES));
        return new Event(customer.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The index encoded in an event's {@code id}, e.g. 42 for {@code evt-000000000042}. */
    static long indexOf(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
