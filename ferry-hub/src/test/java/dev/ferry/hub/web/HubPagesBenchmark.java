package dev.ferry.hub.web;

import dev.ferry.engine.AppStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A benchmark, not a test: how long the hub takes to serve its pages for a large cluster (1,000
 * topics, 200 consumer groups) from an in-memory read model, so only the web side is timed
 * (rendering, escaping, HTTP on loopback). Run with
 * {@code java -cp <ferry-hub test classpath> dev.ferry.hub.web.HubPagesBenchmark [rounds]}.
 */
public final class HubPagesBenchmark {

    private HubPagesBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        InMemoryHubData data = new InMemoryHubData();
        for (int i = 0; i < 1000; i++) {
            List<String> groups = List.of("group-" + (i % 200));
            data.topic(String.format(Locale.ROOT, "domain-%02d.topic-%04d", i % 40, i), 6, 1000 + i, groups,
                    List.of(), List.of("writer-" + (i % 50)), i);
        }
        for (int g = 0; g < 200; g++) {
            data.group("group-" + g, g % 17 == 0 ? AppStatus.Health.LAGGING : AppStatus.Health.OK,
                    g % 17 == 0 ? "lag did not shrink" : "", Optional.empty(),
                    String.format(Locale.ROOT, "domain-%02d.topic-%04d", g % 40, g));
        }
        try (HubServer hub = HubServer.start(data, HubServer.Options.open().port(0))) {
            HubClient client = new HubClient(hub.url());
            for (String path : List.of("/topics", "/topics?sort=rate", "/api/topics", "/consumers", "/api/consumers")) {
                time(client, path, 10); // warm-up
                long[] ms = time(client, path, rounds);
                int bytes = client.get(path).body().length();
                System.out.printf(Locale.ROOT, "%-20s %7d bytes  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d rounds)%n",
                        path, bytes, ms[rounds / 2] / 1e6, ms[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6,
                        ms[rounds - 1] / 1e6, rounds);
            }
        }
    }

    private static long[] time(HubClient client, String path, int rounds) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            HubClient.Response r = client.get(path);
            nanos.add(System.nanoTime() - t0);
            if (r.status() != 200) {
                throw new IllegalStateException(path + " answered " + r.status());
            }
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }
}
