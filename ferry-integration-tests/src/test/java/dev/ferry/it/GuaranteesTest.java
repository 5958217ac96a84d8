package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exactly-once and at-most-once guarantees on a real broker. */
class GuaranteesTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    private static PlatformProfile profile(TestKafka kafka, String guarantee) {
        return kafka.profile().toBuilder().set("guarantee", guarantee).build();
    }

    public static class ExactlyOnceEcho {
        static volatile boolean broken = true;

        @Ferry(app = "eos-echo", topics = "eos.in", start = Start.BEGINNING, batchSize = 50,
                outputs = @Output(topic = "eos.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            if (broken && events.stream().anyMatch(e -> e.id() == 73)) {
                throw new IllegalStateException("cannot handle 73");
            }
            return events;
        }
    }

    @Test
    void exactly_once_commits_outputs_and_offsets_together_and_halts_exactly_at_a_failing_event() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos.in", 1);
        kafka.createTopic("eos.out", 1);
        kafka.produce("eos.in", ids(0, 100));

        ExactlyOnceEcho.broken = true;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(ExactlyOnceEcho.class), profile(kafka, "exactly-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            assertThat(app.status().failure().orElseThrow().position().offset()).isEqualTo(73);
        }
        assertThat(kafka.committedOffsets("eos-echo")).containsEntry(new TopicPartition("eos.in", 0), 73L);
        assertThat(kafka.readAllValues("eos.out", Duration.ofSeconds(10)))
                .as("the whole topic, read_committed: each event before 73 once, nothing from 73 on")
                .containsExactlyElementsOf(compactIds(0, 73));

        ExactlyOnceEcho.broken = false;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(ExactlyOnceEcho.class), profile(kafka, "exactly-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 27);
        }
        assertThat(kafka.readAllValues("eos.out", Duration.ofSeconds(10))).as("the whole topic, read_committed")
                .containsExactlyElementsOf(compactIds(0, 100));
        assertThat(kafka.committedOffsets("eos-echo")).containsEntry(new TopicPartition("eos.in", 0), 100L);
    }

    public static class AtMostOnce {
        static final List<Integer> SEEN = new CopyOnWriteArrayList<>();
        static volatile boolean broken = true;

        @Ferry(app = "at-most-once", topics = "amo.in", start = Start.BEGINNING, batchSize = 10)
        public static void handle(List<Echo> events) {
            for (Echo e : events) {
                if (broken && e.id() == 13) {
                    throw new IllegalStateException("cannot handle 13");
                }
            }
            events.forEach(e -> SEEN.add(e.id()));
        }
    }

    @Test
    void at_most_once_commits_before_running_so_the_batch_it_halted_in_is_skipped_on_restart() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("amo.in", 1);
        kafka.produce("amo.in", ids(0, 30));

        AtMostOnce.broken = true;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(AtMostOnce.class), profile(kafka, "at-most-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            assertThat(app.status().failure().orElseThrow().position().offset()).isEqualTo(13);
        }
        assertThat(kafka.committedOffsets("at-most-once")).containsEntry(new TopicPartition("amo.in", 0), 20L);

        AtMostOnce.broken = false;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(AtMostOnce.class), profile(kafka, "at-most-once"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 10);
        }
        assertThat(AtMostOnce.SEEN).doesNotHaveDuplicates()
                .containsExactlyElementsOf(IntStream.concat(IntStream.range(0, 13), IntStream.range(20, 30)).boxed().toList());
    }
}
