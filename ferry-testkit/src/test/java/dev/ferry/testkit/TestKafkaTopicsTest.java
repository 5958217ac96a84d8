package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StartupException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test produces to topics and starts apps without creating a topic by hand (the embedded broker
 * creates none on its own): {@link TestKafka#produce} and {@link TestKafka#start} create the missing ones.
 */
class TestKafkaTopicsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Word(String word) { }

    public static class Echo {
        @Ferry(app = "testkit-echo", topics = "testkit.words", start = Start.BEGINNING,
                outputs = @Output(topic = "testkit.words.echoed", schema = Word.class))
        public static List<Word> echo(List<Word> words) {
            return words;
        }
    }

    @Test
    void produce_creates_a_missing_topic_with_one_partition_and_writes_every_event() {
        TestKafka kafka = KAFKA.client();
        String topic = KAFKA.uniqueTopic("never-created");

        kafka.produce(topic, List.of("{\"n\": 1}", "{\"n\": 2}"));
        kafka.produce(topic, List.of("{\"n\": 3}"));

        assertThat(kafka.endOffsets(topic)).hasSize(1);
        assertThat(kafka.readAllValues(topic, Duration.ofSeconds(10))).containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}");
    }

    @Test
    void start_creates_the_apps_missing_input_and_output_topics() {
        TestKafka kafka = KAFKA.client();

        try (RunningApp app = kafka.start(Echo.class)) {
            kafka.produce("testkit.words", List.of("{\"word\": \"hello\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 1);
        }

        assertThat(kafka.endOffsets("testkit.words")).as("the input topic, made by start").hasSize(1);
        assertThat(kafka.readAllValues("testkit.words.echoed", Duration.ofSeconds(10)))
                .containsExactly("{\"word\":\"hello\"}");
    }

    @Test
    void the_plain_test_profile_still_refuses_missing_topics_as_a_real_cluster_does() {
        TestKafka kafka = KAFKA.client();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(Missing.class), kafka.profile()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("testkit.absent");
    }

    public static class Missing {
        @Ferry(app = "testkit-missing", topics = "testkit.absent")
        public static void consume(List<String> events) {
        }
    }
}
