package dev.ferry.materialize;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of a materializer benchmark's contender ({@link PostgresBenchmark},
 * {@link dev.ferry.materialize.redis.RedisBenchmark}): from the group owning every partition to the
 * last commit, with the helpers both benchmarks report rounds with.
 *
 * @param assignedNanos when the group owned every partition ({@link System#nanoTime()})
 * @param doneNanos     when the last event's commit was seen
 */
public record BenchmarkRun(long assignedNanos, long doneNanos) {

    /** The run's length in seconds. */
    public double seconds() {
        return (doneNanos - assignedNanos) / 1e9;
    }

    /** Prints one round's line, such as {@code round 1 ferry  1,000,000 events in 9.80 s: 102,040 rows/s}; returns the rate. */
    public double report(String who, int round, int events, String unit) {
        double rate = events / seconds();
        System.out.printf("round %d %-12s %,d events in %.2f s: %,.0f %s/s%n", round + 1, who, events, seconds(), rate,
                unit);
        return rate;
    }

    /** The median of some rates. */
    public static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Some rates as {@code 1,234, 5,678}, in the order of the rounds. */
    public static String runs(List<Double> xs) {
        List<String> out = new ArrayList<>();
        xs.forEach(x -> out.add(String.format("%,.0f", x)));
        return String.join(", ", out);
    }
}
