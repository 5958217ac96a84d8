package dev.ferry.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The slow scenario's input: N events whose keys are drawn (uniformly, with a fixed seed) from
 * {@code keys} ids, each numbered within its key. The same N and keys always give the same events.
 */
final class SlowEvents {

    private static final long SEED = 42;

    private final int keys;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final long[] next;
    private long index;

    /** The generator of a run with {@code keys} distinct keys. */
    SlowEvents(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, got " + keys);
        }
        this.keys = keys;
        this.next = new long[keys];
    }

    /** The next event. */
    SlowEvent next() {
        int k = random.nextInt(keys);
        return new SlowEvent(key(k), next[k]++, index++);
    }

    static String key(int k) {
        return String.format(Locale.ROOT, "k-%04d", k);
    }

    static byte[] json(SlowEvent e) {
        return String.format(Locale.ROOT, "{\"key\":\"%s\",\"seq\":%d,\"index\":%d}", e.key(), e.seq(), e.index())
                .getBytes(StandardCharsets.UTF_8);
    }
}
