package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sub-batches run at once up to the concurrency, and never out of order for a key. */
class KeyOrderedSchedulerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final Map<Integer, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
    private final List<WorkUnit> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    @AfterEach
    void stopPool() {
        gates.values().forEach(g -> g.complete(null));
        pool.shutdownNow();
    }

    /** A runner whose units finish when the test opens the gate of their first event's offset. */
    private CompletableFuture<Void> run(WorkUnit u) {
        started.add(u);
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        CompletableFuture<Void> gate = gates.computeIfAbsent((int) u.events().get(0).offset(),
                k -> new CompletableFuture<>());
        return gate.whenComplete((v, e) -> running.decrementAndGet());
    }

    private void open(long offset) {
        gates.computeIfAbsent((int) offset, k -> new CompletableFuture<>()).complete(null);
    }

    private static InRecord event(long offset, String key) {
        return new InRecord("in", 0, offset, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static PolledBatch batch(long from, String... keys) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            events.add(event(from + i, keys[i]));
        }
        return PolledBatch.of(events);
    }

    private static String keysOf(WorkUnit u) {
        return u.events().stream().map(e -> new String(e.key(), StandardCharsets.UTF_8) + "@" + e.offset())
                .collect(Collectors.joining(","));
    }

    // Keys "a".."h" hash to lanes 0..7 in turn; "i" shares lane 0 with "a" when there are 8 lanes,
    // and "e" shares it when there are 4.

    @Test
    void splits_a_poll_by_key_keeping_each_keys_events_in_order_in_one_unit() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(4, pool, this::run);
        scheduler.submit(batch(0, "a", "b", "a", "c", "b", "a"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).extracting(KeyOrderedSchedulerTest::keysOf)
                .containsExactlyInAnyOrder("a@0,a@2,a@5", "b@1,b@4", "c@3");
    }

    @Test
    void keys_of_one_lane_share_a_unit_in_poll_order() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(2, pool, this::run);
        scheduler.submit(batch(0, "a", "b", "e", "a"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started).extracting(KeyOrderedSchedulerTest::keysOf)
                .containsExactlyInAnyOrder("a@0,e@2,a@3", "b@1");
    }

    @Test
    void a_lane_runs_its_units_one_after_another_while_other_lanes_go_on() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(2, pool, this::run);
        scheduler.submit(batch(0, "a", "b"), false);
        scheduler.submit(batch(2, "e", "c"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        open(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(keysOf(started.get(2))).as("c's lane is free; e's lane waits for a").isEqualTo("c@3");
        open(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        assertThat(keysOf(started.get(3))).isEqualTo("e@2");
    }

    @Test
    void a_later_unit_with_a_key_waits_for_the_earlier_one_while_other_keys_go_on() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(4, pool, this::run);
        scheduler.submit(batch(0, "a", "b"), false);
        scheduler.submit(batch(2, "a", "c"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);
        assertThat(started).extracting(KeyOrderedSchedulerTest::keysOf)
                .containsExactlyInAnyOrder("a@0", "b@1", "c@3");
        assertThat(scheduler.unfinished()).isEqualTo(4);

        open(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        assertThat(keysOf(started.get(3))).isEqualTo("a@2");
    }

    @Test
    void never_runs_more_units_than_the_concurrency() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(2, pool, this::run);
        scheduler.submit(batch(0, "a", "b"), false);
        scheduler.submit(batch(2, "c", "d"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(scheduler.running()).isEqualTo(2);
        open(0);
        open(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 4);
        open(2);
        open(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.unfinished() == 0);
        assertThat(mostRunning).hasValue(2);
    }

    @Test
    void with_concurrency_one_each_poll_is_one_unit_after_the_one_before() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(1, pool, this::run);
        scheduler.submit(batch(0, "a", "b"), false);
        scheduler.submit(batch(2, "c"), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);
        assertThat(keysOf(started.get(0))).isEqualTo("a@0,b@1");
        open(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(keysOf(started.get(1))).isEqualTo("c@2");
    }

    @Test
    void events_without_a_key_keep_their_partitions_order() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(4, pool, this::run);
        scheduler.submit(PolledBatch.of(List.of(event(0, null), event(1, null))), false);
        scheduler.submit(PolledBatch.of(List.of(event(2, null))), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);
        assertThat(started.get(0).events()).extracting(Event::offset).containsExactly(0L, 1L);
        open(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
        assertThat(started.get(1).events()).extracting(Event::offset).containsExactly(2L);
    }

    @Test
    void after_close_nothing_more_starts() {
        KeyOrderedScheduler scheduler = new KeyOrderedScheduler(1, pool, this::run);
        scheduler.submit(batch(0, "a"), false);
        scheduler.submit(batch(1, "a"), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);

        scheduler.close();
        open(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.running() == 0);
        scheduler.submit(batch(2, "b"), false);
        assertThat(started).hasSize(1);
    }
}
