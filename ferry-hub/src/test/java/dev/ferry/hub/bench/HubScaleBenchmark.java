package dev.ferry.hub.bench;

import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.hub.TopicSummary;
import dev.ferry.hub.kafka.HubSettings;
import dev.ferry.hub.kafka.KafkaHubData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The hub at scale (not a test: it asserts nothing, it measures). On an embedded broker: N topics
 * (default 1,000) holding events with timestamps over the last hour, and G consumer groups
 * (default 200) with committed offsets on 5 topics each, some lagging; then a hub with its default
 * refresh intervals, a warm-up (default 30 s, while the hour curves are first read), and, for M
 * minutes (default 3) at steady state: how long {@code topics()},
 * {@code consumers()} and a topic's page take to serve, and the hub's requests per minute to the
 * cluster, per kind. Run it as docs/hub.md says:
 * {@code java -cp ... dev.ferry.hub.bench.HubScaleBenchmark --topics 1000 --groups 200 --minutes 3}.
 */
public final class HubScaleBenchmark {

    private HubScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int topics = Integer.parseInt(opts.getOrDefault("--topics", "1000"));
        int groups = Integer.parseInt(opts.getOrDefault("--groups", "200"));
        int minutes = Integer.parseInt(opts.getOrDefault("--minutes", "3"));
        int events = Integer.parseInt(opts.getOrDefault("--events", "20"));
        int warmup = Integer.parseInt(opts.getOrDefault("--warmup-seconds", "30"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            String bootstrap = broker.bootstrapServers();
            long t0 = System.nanoTime();
            List<String> names = createTopics(bootstrap, topics);
            produce(bootstrap, names, events);
            commitGroups(bootstrap, names, groups, events);
            System.out.printf(Locale.ROOT, "cluster: %d topics, %d events each, %d groups, set up in %.1fs%n", topics,
                    events, groups, (System.nanoTime() - t0) / 1e9);

            PlatformProfile profile = PlatformProfile.builder().bootstrapServers(bootstrap).set("startup-timeout", "60s")
                    .build();
            long s0 = System.nanoTime();
            try (KafkaHubData hub = KafkaHubData.start(bootstrap, profile, HubSettings.of(profile))) {
                System.out.printf(Locale.ROOT, "hub started (first full read of the cluster) in %.2fs; %d topics, %d groups%n",
                        (System.nanoTime() - s0) / 1e9, hub.topics().size(), hub.consumers().size());
                // the hour curves of every topic are read in the background, 12 minute boundaries a second
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmup));
                System.out.printf(Locale.ROOT, "after a warm-up of %ds: requests so far %s%n", warmup,
                        hub.requestCounts().snapshot());
                Map<String, Long> before = hub.requestCounts().snapshot();
                long b0 = System.nanoTime();
                List<Long> topicsNs = new ArrayList<>();
                List<Long> consumersNs = new ArrayList<>();
                List<Long> detailNs = new ArrayList<>();
                int i = 0;
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
                while (System.nanoTime() < end) {
                    topicsNs.add(time(hub::topics));
                    consumersNs.add(time(hub::consumers));
                    String name = names.get(i++ % names.size());
                    detailNs.add(time(() -> hub.topic(name)));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // a page view every 200 ms
                }
                double elapsedMin = (System.nanoTime() - b0) / 60e9;
                Map<String, Long> after = hub.requestCounts().snapshot();
                System.out.printf(Locale.ROOT, "served over %.1f min at steady state (%d views of each page):%n",
                        elapsedMin, topicsNs.size());
                report("topics()", topicsNs);
                report("consumers()", consumersNs);
                report("topic(name), a new topic's page each time", detailNs);
                System.out.println("requests to the cluster per minute at steady state, by kind:");
                long total = 0;
                for (Map.Entry<String, Long> e : after.entrySet()) {
                    long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    total += d;
                    System.out.printf(Locale.ROOT, "  %-32s %8.1f%n", e.getKey(), d / elapsedMin);
                }
                System.out.printf(Locale.ROOT, "  %-32s %8.1f%n", "total", total / elapsedMin);
                System.out.println("(topic pages were viewed " + detailNs.size() + " times, each a different topic)");
                System.out.printf(Locale.ROOT, "topics() served %d topics at %s%n", hub.topics().size(),
                        Instant.now());
                TopicSummary sample = hub.topics().stream().filter(t -> !t.internal()).findFirst().orElseThrow();
                System.out.println("a topic as served: " + sample);
            }
        }
    }

    private static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static void report(String what, List<Long> ns) {
        long[] s = ns.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-44s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", what, s[s.length / 2] / 1e6,
                s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }

    private static List<String> createTopics(String bootstrap, int n) throws Exception {
        List<String> names = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int from = 0; from < n; from += 100) {
                List<NewTopic> batch = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 100); i++) {
                    String name = String.format(Locale.ROOT, "bench.topic.%04d", i);
                    names.add(name);
                    batch.add(new NewTopic(name, 1, (short) 1));
                }
                admin.createTopics(batch).all().get(120, TimeUnit.SECONDS);
            }
        }
        return names;
    }

    /** {@code events} per topic, their timestamps spread over the last hour. */
    private static void produce(String bootstrap, List<String> names, int events) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String name : names) {
                for (int e = 0; e < events; e++) {
                    long ts = now - Duration.ofMinutes(60).toMillis() + (e + 1) * Duration.ofMinutes(60).toMillis() / (events + 1);
                    p.send(new ProducerRecord<>(name, 0, ts, null, "{\"n\": " + e + "}"));
                }
            }
            p.flush();
        }
    }

    /** Group g commits on 5 topics; every third group is 5 events behind. */
    private static void commitGroups(String bootstrap, List<String> names, int groups, int events) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int g = 0; g < groups; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int k = 0; k < 5; k++) {
                    String topic = names.get((g * 5 + k) % names.size());
                    offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(g % 3 == 0 ? events - 5 : events));
                }
                admin.alterConsumerGroupOffsets(String.format(Locale.ROOT, "bench-group-%03d", g), offsets).all()
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!List.of("--topics", "--groups", "--minutes", "--events", "--warmup-seconds").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + ": expected --topics N, --groups N, "
                        + "--minutes N, --events N, --warmup-seconds N; got " + Arrays.toString(args));
            }
            out.put(args[i], args[i + 1]);
        }
        return out;
    }
}
