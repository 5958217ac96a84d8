package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Key-ordered concurrency, async functions and the pipeline's commit point on a real broker. */
class ConcurrencyTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Step(String key, int seq) { }

    public record Num(int id) { }

    public record Padded(int id, String padding) { }

    /** 20 keys with 20 steps each, in order per key, round-robin over the keys. */
    private static List<Map.Entry<String, String>> steps() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int seq = 0; seq < 20; seq++) {
            for (int k = 0; k < 20; k++) {
                out.add(Map.entry("key-" + k, "{\"key\": \"key-" + k + "\", \"seq\": " + seq + "}"));
            }
        }
        return out;
    }

    /** Every key's steps arrived, each once, in order, and nothing else: {@code outputs} is the whole topic. */
    private static void assertInOrderPerKey(List<ConsumerRecord<String, String>> outputs) {
        assertThat(outputs).hasSize(400);
        Map<String, List<Integer>> seqs = new HashMap<>();
        for (ConsumerRecord<String, String> r : outputs) {
            int seq = Integer.parseInt(r.value().replaceAll(".*\"seq\":(\\d+).*", "$1"));
            seqs.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(seq);
        }
        assertThat(seqs).hasSize(20);
        assertThat(seqs.values()).allSatisfy(list -> assertThat(list)
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList()));
    }

    public static class FourAtOnce {
        static final CountDownLatch FOUR_RUNNING = new CountDownLatch(4);

        @Ferry(app = "four-at-once", topics = "four.in", start = Start.BEGINNING, batchSize = 100, concurrency = 4,
                outputs = @Output(topic = "four.out", schema = Step.class))
        public static List<OutputEvent<Step>> handle(List<Step> steps) throws InterruptedException {
            FOUR_RUNNING.countDown();
            // The first calls only go on once four of them run at the same time: proof of concurrency.
            if (!FOUR_RUNNING.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never saw four calls at once");
            }
            return steps.stream().map(s -> OutputEvent.of(s).withKey(s.key())).toList();
        }
    }

    @Test
    void runs_sub_batches_at_once_and_keeps_each_keys_order() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("four.in", 1);
        kafka.createTopic("four.out", 1);
        kafka.produceKeyed("four.in", steps());

        try (RunningApp app = kafka.start(FourAtOnce.class)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.status().consumed() == 400);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        assertThat(FourAtOnce.FOUR_RUNNING.getCount()).isZero();
        assertInOrderPerKey(kafka.readAll("four.out", Duration.ofSeconds(30)));
        assertThat(kafka.committedOffsets("four-at-once")).containsEntry(new TopicPartition("four.in", 0), 400L);
    }

    public static class AsyncSteps {
        @Ferry(app = "async-steps", topics = "async.in", start = Start.BEGINNING, batchSize = 50, concurrency = 8,
                outputs = @Output(topic = "async.out", schema = Step.class))
        public static CompletableFuture<List<OutputEvent<Step>>> handle(List<Step> steps) {
            // Completes on another thread a little later, as a call to a model service would.
            return CompletableFuture.supplyAsync(() -> steps.stream().map(s -> OutputEvent.of(s).withKey(s.key())).toList(),
                    CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void an_async_function_completes_its_events_when_its_future_does() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("async.in", 2);
        kafka.createTopic("async.out", 1);
        kafka.produceKeyed("async.in", steps());

        try (RunningApp app = kafka.start(AsyncSteps.class)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.status().consumed() == 400);
        }
        assertInOrderPerKey(kafka.readAll("async.out", Duration.ofSeconds(30)));
        assertThat(kafka.committedOffsets("async-steps").values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(400);
    }

    public static class SlowKey {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Ferry(app = "slow-key", topics = "slowkey.in", start = Start.BEGINNING, concurrency = 2,
                outputs = @Output(topic = "slowkey.out", schema = Step.class))
        public static List<OutputEvent<Step>> handle(List<InputEvent<Step>> steps) throws InterruptedException {
            if (steps.stream().anyMatch(s -> s.value().key().equals("slow")) && !RELEASE.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return steps.stream().map(s -> OutputEvent.of(s.value()).withKey(s.key())).toList();
        }
    }

    @Test
    void offsets_are_never_committed_past_an_event_whose_sub_batch_is_still_running() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("slowkey.in", 1);
        kafka.createTopic("slowkey.out", 1);
        List<Map.Entry<String, String>> events = new ArrayList<>();
        events.add(Map.entry("slow", "{\"key\": \"slow\", \"seq\": 0}"));
        for (int i = 1; i < 10; i++) {
            events.add(Map.entry("fast", "{\"key\": \"fast\", \"seq\": " + i + "}"));
        }
        kafka.produceKeyed("slowkey.in", events);

        try (RunningApp app = kafka.start(SlowKey.class)) {
            // The fast key's nine events are completed (outputs acknowledged) while the slow key's one, at
            // offset 0, still runs...
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 9);
            assertThat(kafka.readAll("slowkey.out", Duration.ofSeconds(30))).extracting(ConsumerRecord::key)
                    .containsExactlyElementsOf(Collections.nCopies(9, "fast"));
            // ...yet nothing is committed, since offset 0 is not complete.
            assertThat(kafka.committedOffsets("slow-key")).isEmpty();

            SlowKey.RELEASE.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("slow-key")
                    .getOrDefault(new TopicPartition("slowkey.in", 0), 0L) == 10L);
        }
        List<String> fastThenSlow = new ArrayList<>(IntStream.range(1, 10)
                .mapToObj(i -> "{\"key\":\"fast\",\"seq\":" + i + "}").toList());
        fastThenSlow.add("{\"key\":\"slow\",\"seq\":0}");
        assertThat(kafka.readAllValues("slowkey.out", Duration.ofSeconds(30)))
                .as("each event once: the fast key's nine, then the slow one").containsExactlyElementsOf(fastThenSlow);
    }

    public static class TooBigAtSeven {
        @Ferry(app = "too-big-at-seven", topics = "toobig.in", start = Start.BEGINNING, batchSize = 20,
                outputs = @Output(topic = "toobig.out", schema = Padded.class))
        public static List<Padded> handle(List<Num> events) {
            return events.stream().map(e -> new Padded(e.id(), e.id() == 7 ? "x".repeat(5_000) : "")).toList();
        }
    }

    @Test
    void outputs_not_acknowledged_are_gone_back_over_one_batch_at_a_time_and_halt_at_their_event() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("toobig.in", 1);
        kafka.createTopic("toobig.out", 1);
        kafka.produce("toobig.in", ids(0, 20));

        var profile = kafka.profile().toBuilder().kafka("producer", "max.request.size", "2000").build();
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(TooBigAtSeven.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(7);
            assertThat(failure.message()).contains("RecordTooLargeException");
        }
        assertThat(kafka.committedOffsets("too-big-at-seven")).containsEntry(new TopicPartition("toobig.in", 0), 7L);
        // At-least-once: events before 7 are all written (some twice, and some after it too, which is allowed
        // since their offsets are not committed); event 7 never is.
        List<String> written = kafka.readAllValues("toobig.out", Duration.ofSeconds(10));
        assertThat(written).containsAll(IntStream.range(0, 7).mapToObj(i -> "{\"id\":" + i + ",\"padding\":\"\"}")
                .toList());
        assertThat(written).noneMatch(v -> v.startsWith("{\"id\":7,"));
    }

    public static class WantsExactlyOnce {
        @Ferry(app = "wants-exactly-once", topics = "wants.in", start = Start.BEGINNING,
                delivery = Delivery.EXACTLY_ONCE, outputs = @Output(topic = "wants.out", schema = Num.class))
        public static List<Num> handle(List<Num> events) {
            return events;
        }
    }

    @Test
    void an_app_asking_for_exactly_once_gets_transactions_under_an_at_least_once_platform() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("wants.in", 1);
        kafka.createTopic("wants.out", 1);
        kafka.produce("wants.in", ids(0, 10));

        try (RunningApp app = kafka.start(WantsExactlyOnce.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 10);
        }
        assertThat(kafka.readAllValues("wants.out", Duration.ofSeconds(10))).as("the whole topic, read_committed")
                .containsExactlyElementsOf(compactIds(0, 10));
        // A transaction's commit marker takes an offset of its own: 10 events need more than 10 offsets.
        assertThat(kafka.endOffsetTotal("wants.out")).isGreaterThan(10);
    }

    public static class ConcurrentExactlyOnce {
        @Ferry(app = "concurrent-eos", topics = "ceos.in", concurrency = 4, delivery = Delivery.EXACTLY_ONCE)
        public static void handle(List<String> events) {
        }
    }

    @Test
    void concurrency_with_exactly_once_is_refused_naming_both_settings() {
        TestKafka kafka = KAFKA.client();
        assertThatThrownBy(() -> kafka.start(ConcurrentExactlyOnce.class))
                .isInstanceOf(ProfileException.class)
                .hasMessage("app 'concurrent-eos': concurrency 4 (from @Ferry(concurrency) of app 'concurrent-eos') "
                        + "cannot be combined with the exactly-once guarantee (from @Ferry(delivery) of app "
                        + "'concurrent-eos'), which commits each batch in one transaction; use concurrency 1 or "
                        + "at-least-once");
    }
}
