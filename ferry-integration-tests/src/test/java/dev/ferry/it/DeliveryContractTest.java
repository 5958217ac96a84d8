package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The at-least-once contract on a real broker: halts, commits, restarts, batches. */
class DeliveryContractTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    private static long committed(TestKafka kafka, String app) {
        return kafka.committedOffsets(app).values().stream().mapToLong(Long::longValue).sum();
    }

    public static class FailsOnThirteen {
        static volatile boolean broken = true;

        @Ferry(app = "fails-on-13", topics = "poison.in", start = Start.BEGINNING,
                outputs = @Output(topic = "poison.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            for (Echo e : events) {
                if (broken && e.id() == 13) {
                    throw new IllegalStateException("cannot handle client 13");
                }
            }
            return events;
        }
    }

    @Test
    void a_function_that_throws_halts_at_that_event_and_after_the_fix_nothing_is_lost() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("poison.in", 1);
        kafka.createTopic("poison.out", 1);
        kafka.produce("poison.in", ids(0, 30));

        FailsOnThirteen.broken = true;
        try (RunningApp app = kafka.start(FailsOnThirteen.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(13);
            assertThat(failure.position().topic()).isEqualTo("poison.in");
            assertThat(failure.message()).contains("cannot handle client 13");
            assertThat(kafka.committedOffsets("fails-on-13")).containsEntry(new TopicPartition("poison.in", 0), 13L);
            assertThat(kafka.readAllValues("poison.out", Duration.ofSeconds(10))).as("the whole topic")
                    .containsExactlyElementsOf(compactIds(0, 13));
        }

        FailsOnThirteen.broken = false;
        try (RunningApp app = kafka.start(FailsOnThirteen.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka, "fails-on-13") == 30);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        assertThat(kafka.readAllValues("poison.out", Duration.ofSeconds(10))).as("the whole topic")
                .containsExactlyElementsOf(compactIds(0, 30));
    }

    public static class EmitsWrongType {
        @Ferry(app = "emits-wrong-type", topics = "violation.in", start = Start.BEGINNING,
                outputs = @Output(topic = "violation.out", schema = Echo.class))
        public static List<Map<String, Object>> emit(List<Echo> events) {
            return events.stream().map(e -> Map.<String, Object>of("id", "client-" + e.id())).toList();
        }
    }

    @Test
    void a_schema_violation_writes_nothing_and_commits_nothing() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("violation.in", 1);
        kafka.createTopic("violation.out", 1);
        kafka.produce("violation.in", ids(0, 5));

        try (RunningApp app = kafka.start(EmitsWrongType.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isZero();
            assertThat(failure.message())
                    .contains("app 'emits-wrong-type': output topic 'violation.out' event 0: $.id: string found, integer expected");
        }
        assertThat(kafka.endOffsetTotal("violation.out")).isZero();
        assertThat(kafka.committedOffsets("emits-wrong-type")).isEmpty();
    }

    public static class Recorder {
        static final List<Integer> SEEN = new CopyOnWriteArrayList<>();

        @Ferry(app = "recorder", topics = "resume.in", start = Start.BEGINNING)
        public static void record(List<Echo> events) {
            events.forEach(e -> SEEN.add(e.id()));
        }
    }

    @Test
    void a_restarted_app_resumes_from_its_committed_offsets() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("resume.in", 2);
        kafka.produce("resume.in", ids(0, 50));

        try (RunningApp app = kafka.start(Recorder.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka, "recorder") == 50);
        }
        kafka.produce("resume.in", ids(50, 100));
        try (RunningApp app = kafka.start(Recorder.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka, "recorder") == 100);
            assertThat(app.status().consumed()).isEqualTo(50);
        }
        assertThat(Recorder.SEEN).hasSize(100).doesNotHaveDuplicates();
    }

    public static class SmallBatches {
        static final List<Integer> SIZES = new CopyOnWriteArrayList<>();

        @Ferry(app = "small-batches", topics = "batches.in", start = Start.BEGINNING, batchSize = 7)
        public static void count(List<String> events) {
            SIZES.add(events.size());
        }
    }

    @Test
    void the_batch_size_is_honoured() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("batches.in", 1);
        kafka.produce("batches.in", ids(0, 100));

        try (RunningApp app = kafka.start(SmallBatches.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 100);
        }
        assertThat(SmallBatches.SIZES).allSatisfy(size -> assertThat(size).isBetween(1, 7)).contains(7);
        assertThat(SmallBatches.SIZES.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }

    public record Order(String order, int client, List<Double> prices) { }

    public record OrderTotal(String order, int client, double total, int items) { }

    public static class Totals {
        @Ferry(app = "order-totals", topics = "orders", start = Start.BEGINNING, outputs = {
                @Output(topic = "order.totals", schema = OrderTotal.class),
                @Output(topic = "order.audit", jsonSchema = "schemas/order-audit.json")})
        public static Map<String, List<?>> totals(List<Order> orders) {
            List<OrderTotal> totals = new ArrayList<>();
            List<String> audit = new ArrayList<>();
            for (Order o : orders) {
                totals.add(new OrderTotal(o.order(), o.client(),
                        o.prices().stream().mapToDouble(Double::doubleValue).sum(), o.prices().size()));
                audit.add("{\"order\": \"" + o.order() + "\", \"seen\": true}");
            }
            return Map.of("order.totals", totals, "order.audit", audit);
        }
    }

    @Test
    void typed_records_in_and_out_are_decoded_validated_and_written() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("orders", 1);
        kafka.createTopic("order.totals", 1);
        kafka.createTopic("order.audit", 1);
        kafka.produce("orders", List.of(
                "{\"order\": \"o-1\", \"client\": 4, \"prices\": [1.5, 2.5]}",
                "{\"order\": \"o-2\", \"client\": 5, \"prices\": []}"));

        try (RunningApp app = kafka.start(Totals.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 2);
            assertThat(app.status().emitted()).isEqualTo(4);
        }
        assertThat(kafka.readAllValues("order.totals", Duration.ofSeconds(10))).containsExactly(
                "{\"order\":\"o-1\",\"client\":4,\"total\":4.0,\"items\":2}",
                "{\"order\":\"o-2\",\"client\":5,\"total\":0.0,\"items\":0}");
        assertThat(kafka.readAllValues("order.audit", Duration.ofSeconds(10))).containsExactly(
                "{\"order\": \"o-1\", \"seen\": true}", "{\"order\": \"o-2\", \"seen\": true}");
    }
}
