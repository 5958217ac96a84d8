package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.spi.LifecycleListener.PartitionLag;
import dev.ferry.engine.spi.Partition;
import dev.ferry.it.plugins.RecordingListeners;
import dev.ferry.it.plugins.RecordingListeners.Halt;
import dev.ferry.it.plugins.RecordingListeners.LagSample;
import dev.ferry.it.plugins.RecordingListeners.Recording;
import dev.ferry.it.plugins.ThrowingListeners;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listener plug-in on the classpath ({@link RecordingListeners}, listed in
 * {@code META-INF/services/dev.ferry.engine.spi.ListenerProvider}), named in the profile's
 * {@code listeners}, hears an app's life with the right data; one that throws
 * ({@link ThrowingListeners}) does not stop the app.
 */
class SeamsListenerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    public static class Heard {
        @Ferry(app = "heard", topics = "heard.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "heard.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class HaltsAt13 {
        @Ferry(app = "heard-halt", topics = "heard-halt.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "heard-halt.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            if (events.stream().anyMatch(e -> e.id() == 13)) {
                throw new IllegalStateException("cannot handle 13");
            }
            return events;
        }
    }

    public static class HeardByABrokenListener {
        @Ferry(app = "heard-broken", topics = "heard-broken.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "heard-broken.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    /** A profile with {@code listeners}, and a key of this test's own for the recording listener. */
    private static PlatformProfile profile(TestKafka kafka, String listeners, String key) {
        return kafka.profile().toBuilder().set("listeners", listeners).set("plugins.recording.key", key).build();
    }

    private static String newKey() {
        return "recording-" + UUID.randomUUID();
    }

    @Test
    void a_listener_named_in_the_profile_hears_the_app_start_get_its_partitions_complete_its_events_and_stop() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("heard.in", 2);
        kafka.createTopic("heard.out", 1);
        kafka.produce("heard.in", ids(0, 30));
        Map<TopicPartition, Long> ends = kafka.endOffsets("heard.in");
        String key = newKey();

        Recording heard;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Heard.class), profile(kafka, "recording", key))) {
            heard = RecordingListeners.recording(key);
            assertThat(heard).as("the provider made a listener when the app started").isNotNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.completed().size() >= 30 && caughtUp(heard, ends));
            assertThat(heard.stopped()).isEmpty();
        }

        assertThat(heard.context().app().name()).isEqualTo("heard");
        assertThat(heard.context().guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(heard.context().settings()).as("its plugins.recording.* settings").isEqualTo(Map.of("key", key));
        assertThat(heard.calls().get(0)).isEqualTo("started");
        assertThat(heard.calls()).filteredOn("started"::equals).hasSize(1);
        assertThat(heard.calls().indexOf("assigned")).isLessThan(heard.calls().indexOf("completed"));
        assertThat(heard.assigned()).containsExactlyInAnyOrder(new Partition("heard.in", 0), new Partition("heard.in", 1));
        assertThat(heard.completed()).as("every input once").doesNotHaveDuplicates().hasSize(30)
                .allSatisfy(p -> assertThat(p.offset()).isLessThan(ends.get(new TopicPartition(p.topic(), p.partition()))));
        assertThat(heard.outputs()).as("outputs of the completed events").isEqualTo(30);
        assertThat(heard.batchEvents()).as("events of the completed batches").isEqualTo(30);
        assertThat(heard.batchTimes()).allSatisfy(took -> assertThat(took).isPositive());
        assertThat(heard.stopped()).containsExactly(0);
        assertThat(heard.calls().get(heard.calls().size() - 1)).isEqualTo("stopped");
    }

    @Test
    void a_listener_hears_the_app_halt_at_the_failing_event_after_completing_every_event_before_it() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("heard-halt.in", 1);
        kafka.createTopic("heard-halt.out", 1);
        kafka.produce("heard-halt.in", ids(0, 30));
        String key = newKey();
        PlatformProfile profile = profile(kafka, "recording", key).toBuilder().set("retry.max-attempts", "1").build();

        Recording heard;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(HaltsAt13.class), profile)) {
            heard = RecordingListeners.recording(key);
            await().atMost(Duration.ofSeconds(30)).until(() -> !heard.halts().isEmpty());
            assertThat(app.status().state()).isEqualTo(AppStatus.State.HALTED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard.lastLag().lags())
                    .as("the lag sampled while halted: the next event is the failing one, 17 events behind")
                    .extracting(PartitionLag::partition, PartitionLag::nextOffset, PartitionLag::lag)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(new Partition("heard-halt.in", 0), 13L, 17L)));
        }

        assertThat(heard.halts()).hasSize(1);
        Halt halt = heard.halts().get(0);
        assertThat(halt.consumer()).isZero();
        assertThat(halt.position()).isEqualTo(new EventPosition("heard-halt.in", 0, 13));
        assertThat(halt.attempts()).as("retry.max-attempts 1").isEqualTo(1);
        assertThat(halt.reason()).contains("cannot handle 13");
        assertThat(heard.completed()).as("exactly the events before it, in order")
                .containsExactlyElementsOf(IntStream.range(0, 13).mapToObj(i -> new EventPosition("heard-halt.in", 0, i))
                        .toList());
        assertThat(heard.outputs()).isEqualTo(13);
        assertThat(heard.calls().lastIndexOf("completed")).isLessThan(heard.calls().indexOf("halted"));
        assertThat(heard.stopped()).containsExactly(0);
        assertThat(kafka.readValues("heard-halt.out", 14, Duration.ofSeconds(2))).containsExactlyElementsOf(compactIds(0, 13));
    }

    @Test
    void a_listener_that_throws_from_every_callback_does_not_stop_the_app_nor_the_listeners_after_it() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("heard-broken.in", 1);
        kafka.createTopic("heard-broken.out", 1);
        kafka.produce("heard-broken.in", ids(0, 30));
        String key = newKey();

        Recording heard;
        try (RunningApp app = FerryEngine.start(AppDescriptor.of(HeardByABrokenListener.class),
                profile(kafka, "throwing, recording", key))) {
            heard = RecordingListeners.recording(key);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("heard-broken.out") == 30);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.status().consumed() == 30);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }

        assertThat(ThrowingListeners.thrown("heard-broken")).as("the throwing listener was called, and threw")
                .isGreaterThan(3);
        assertThat(kafka.readValues("heard-broken.out", 31, Duration.ofSeconds(2))).containsExactlyElementsOf(compactIds(0, 30));
        assertThat(kafka.committedOffsets("heard-broken")).containsEntry(new TopicPartition("heard-broken.in", 0), 30L);
        assertThat(heard.completed()).hasSize(30);
        assertThat(heard.calls()).contains("started", "assigned", "completed", "batchCompleted", "stopped");
    }

    /** Whether the last lag sample has every partition processed to its end. */
    private static boolean caughtUp(Recording heard, Map<TopicPartition, Long> ends) {
        LagSample sample = heard.lastLag();
        if (sample == null || sample.lags().size() != ends.size()) {
            return false;
        }
        return sample.lags().stream().allMatch(l -> l.lag() == 0
                && l.nextOffset() == ends.get(new TopicPartition(l.partition().topic(), l.partition().partition())));
    }
}
