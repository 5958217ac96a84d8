package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group behaviour on a real broker: consumers sharing partitions, slow functions, start positions, stop. */
class ConsumerGroupTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\": \"" + prefix + i + "\"}").toList();
    }

    public static class TwoConsumers {
        static final Map<Integer, Set<String>> THREADS_BY_PARTITION = new ConcurrentHashMap<>();
        static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @Ferry(app = "two-consumers", topics = "shared.in", start = Start.BEGINNING, consumers = 2)
        public static void handle(List<InputEvent<Map<String, Object>>> events) {
            for (InputEvent<Map<String, Object>> e : events) {
                THREADS_BY_PARTITION.computeIfAbsent(e.partition(), p -> ConcurrentHashMap.newKeySet())
                        .add(Thread.currentThread().getName());
                SEEN.add(e.value().get("id"));
            }
        }
    }

    @Test
    void two_consumers_share_the_partitions_of_one_app() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("shared.in", 4);

        try (RunningApp app = kafka.start(TwoConsumers.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.membersWithPartitions("two-consumers") == 2
                    && app.status().partitions() == 4);
            kafka.produceKeyed("shared.in", IntStream.range(0, 400)
                    .mapToObj(i -> Map.entry("key-" + i, "{\"id\": " + i + "}")).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 400);
        }
        assertThat(TwoConsumers.SEEN).hasSize(400).doesNotHaveDuplicates();
        assertThat(TwoConsumers.THREADS_BY_PARTITION).hasSize(4)
                .allSatisfy((partition, threads) -> assertThat(threads).hasSize(1));
        Set<String> workers = TwoConsumers.THREADS_BY_PARTITION.values().stream()
                .flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(workers).hasSize(2);
    }

    public static class Rebalanced {
        static final List<Object> SEEN = new CopyOnWriteArrayList<>();
        static final CountDownLatch FIRST_BATCH_STARTED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Ferry(app = "rebalanced", topics = "rebalance.in", start = Start.BEGINNING, batchSize = 10)
        public static void handle(List<Map<String, Object>> events) throws InterruptedException {
            if (FIRST_BATCH_STARTED.getCount() > 0) {
                FIRST_BATCH_STARTED.countDown();
                if (!RELEASE.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            events.forEach(e -> SEEN.add(e.get("id")));
        }
    }

    @Test
    void a_batch_still_running_when_its_partitions_are_revoked_is_abandoned_uncommitted_and_processed_again() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("rebalance.in", 2);
        kafka.produceKeyed("rebalance.in", IntStream.range(0, 200)
                .mapToObj(i -> Map.entry("key-" + i, "{\"id\": " + i + "}")).toList());
        PlatformProfile profile = kafka.profile().toBuilder()
                .set("shutdown-timeout", "2s")
                .kafka("consumer", "heartbeat.interval.ms", "100")
                .build();

        try (RunningApp first = FerryEngine.start(AppDescriptor.of(Rebalanced.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Rebalanced.FIRST_BATCH_STARTED.getCount() == 0);
            try (RunningApp second = FerryEngine.start(AppDescriptor.of(Rebalanced.class), profile)) {
                // The first instance's batch is stuck; the rebalance waits 2s for it, then abandons it.
                await().atMost(Duration.ofSeconds(30)).until(() -> second.status().partitions() == 1
                        && first.status().partitions() == 1);
                // The second instance reads its partition from the start, since nothing of the abandoned batch was
                // committed; the first, still stuck in the abandoned function call, commits nothing.
                Map<TopicPartition, Long> ends = kafka.endOffsets("rebalance.in");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<TopicPartition, Long> committed = kafka.committedOffsets("rebalanced");
                    return committed.size() == 1 && committed.entrySet().stream()
                            .allMatch(e -> e.getValue().equals(ends.get(e.getKey()))
                                    && second.status().consumed() == e.getValue());
                });
                Rebalanced.RELEASE.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> kafka.committedOffsets("rebalanced").values()
                        .stream().mapToLong(Long::longValue).sum() == 200);
            }
        }
        assertThat(Rebalanced.SEEN).containsAll(IntStream.range(0, 200).boxed().toList());
        assertThat(Rebalanced.SEEN.size()).as("at most the abandoned batch is processed twice").isBetween(200, 210);
    }

    public static class Slow {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();
        static final CountDownLatch FIRST_BATCH_STARTED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Ferry(app = "slow-function", topics = "slow.in", start = Start.BEGINNING, batchSize = 10)
        public static void handle(List<String> events) throws InterruptedException {
            FIRST_BATCH_STARTED.countDown();
            if (!RELEASE.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            SEEN.addAll(events);
        }
    }

    @Test
    void a_function_slower_than_the_poll_interval_keeps_its_partitions() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("slow.in", 1);
        kafka.produce("slow.in", ids("s", 0, 30));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Slow.class), kafka.profile().toBuilder()
                .kafka("consumer", "max.poll.interval.ms", "2000")
                .build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Slow.FIRST_BATCH_STARTED.getCount() == 0);
            // The function now blocks for longer than max.poll.interval.ms; the consumer must stay in the group.
            long stuckSince = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - stuckSince > 3 * 2_000_000_000L
                    || kafka.groupMembers("slow-function") == 0);
            assertThat(kafka.groupMembers("slow-function")).isEqualTo(1);
            Slow.RELEASE.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 30);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        assertThat(Slow.SEEN).hasSize(30).doesNotHaveDuplicates();
    }

    public static class FromBeginning {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Ferry(app = "from-beginning", topics = "start.in", start = Start.BEGINNING)
        public static void handle(List<String> events) {
            SEEN.addAll(events);
        }
    }

    public static class FromEnd {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Ferry(app = "from-end", topics = "start.in", start = Start.END)
        public static void handle(List<String> events) {
            SEEN.addAll(events);
        }
    }

    @Test
    void a_new_app_starts_from_the_beginning_or_the_end_as_declared() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("start.in", 1);
        List<String> old = ids("old-", 0, 10);
        kafka.produce("start.in", old);

        try (RunningApp beginning = kafka.start(FromBeginning.class); RunningApp end = kafka.start(FromEnd.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> beginning.status().consumed() == 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> end.status().partitions() == 1);
            // "End" is resolved when the consumer first fetches: keep producing new events until one arrives.
            int[] next = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                kafka.produce("start.in", ids("new-", next[0], next[0] + 1));
                next[0]++;
                return !FromEnd.SEEN.isEmpty();
            });
        }
        assertThat(FromBeginning.SEEN).doesNotHaveDuplicates().startsWith(old.toArray(String[]::new));
        assertThat(FromEnd.SEEN).isNotEmpty().doesNotHaveDuplicates().doesNotContainAnyElementsOf(old);
    }

    public static class Blocking {
        static final CountDownLatch STARTED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final AtomicInteger PROCESSED = new AtomicInteger();

        @Ferry(app = "stops-cleanly", topics = "stop.in", start = Start.BEGINNING, batchSize = 5)
        public static void handle(List<String> events) throws InterruptedException {
            STARTED.countDown();
            RELEASE.await(60, TimeUnit.SECONDS);
            PROCESSED.addAndGet(events.size());
        }
    }

    @Test
    void a_stop_finishes_the_batch_in_flight_and_commits_it() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("stop.in", 1);
        kafka.produce("stop.in", ids("x", 0, 20));

        RunningApp app = kafka.start(Blocking.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> Blocking.STARTED.getCount() == 0);
        Thread closer = new Thread(app::close);
        closer.start();
        Blocking.RELEASE.countDown();
        closer.join(Duration.ofSeconds(30).toMillis());

        assertThat(closer.isAlive()).isFalse();
        assertThat(app.status().state()).isEqualTo(AppStatus.State.STOPPED);
        // The batch in flight (5 events) completes and is committed; batches polled behind it may have run too
        // before the stop was seen, and are committed exactly as far as they were processed.
        assertThat(Blocking.PROCESSED.get()).isGreaterThanOrEqualTo(5);
        assertThat(kafka.committedOffsets("stops-cleanly").values()).containsExactly((long) Blocking.PROCESSED.get());
    }
}
