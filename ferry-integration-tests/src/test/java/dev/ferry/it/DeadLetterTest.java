package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dead-letter poison policy: only the failing event is set aside, and processing goes on in order. */
class DeadLetterTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    public static class RejectsThirteen {
        @Ferry(app = "rejects-13", topics = "dlq.in", start = Start.BEGINNING,
                outputs = @Output(topic = "dlq.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            for (Echo e : events) {
                if (e.id() == 13) {
                    throw new IllegalArgumentException("client 13 is not welcome");
                }
            }
            return events;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void only_the_failing_events_go_to_the_dead_letter_topic_and_the_rest_is_processed_in_order() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("dlq.in", 1);
        kafka.createTopic("dlq.out", 1);
        kafka.createTopic("rejects-13.dead-letter", 1);
        List<String> input = new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> "{\"id\": " + i + "}").toList());
        input.set(20, "{not json");
        kafka.produce("dlq.in", input);
        PlatformProfile profile = kafka.profile().toBuilder().set("poison-policy", "dead-letter").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(RejectsThirteen.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 30);
            assertThat(app.status().deadLettered()).isEqualTo(2);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }

        List<String> expected = IntStream.range(0, 30).filter(i -> i != 13 && i != 20)
                .mapToObj(i -> "{\"id\":" + i + "}").toList();
        assertThat(kafka.readAllValues("dlq.out", Duration.ofSeconds(10))).as("the whole topic")
                .containsExactlyElementsOf(expected);
        List<ConsumerRecord<String, String>> dead = kafka.readAll("rejects-13.dead-letter", Duration.ofSeconds(10));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{\"id\": 13}", "{not json");
        assertThat(headers(dead.get(0)))
                .containsEntry("ferry.app", "rejects-13")
                .containsEntry("ferry.original.topic", "dlq.in")
                .containsEntry("ferry.original.partition", "0")
                .containsEntry("ferry.original.offset", "13")
                .containsEntry("ferry.error.stage", "function")
                .containsEntry("ferry.error.class", "java.lang.IllegalArgumentException")
                .containsEntry("ferry.attempts", "3")
                .containsKey("ferry.original.timestamp");
        assertThat(headers(dead.get(0)).get("ferry.error.message")).contains("client 13 is not welcome");
        assertThat(headers(dead.get(1)))
                .containsEntry("ferry.original.offset", "20")
                .containsEntry("ferry.error.stage", "decode");
        assertThat(headers(dead.get(1)).get("ferry.error.message"))
                .startsWith("event at topic 'dlq.in' partition 0 offset 20 cannot be decoded as ");
        assertThat(kafka.committedOffsets("rejects-13").values()).containsExactly(30L);
    }
}
