package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.Health;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The health verdict on a real broker: an app working through a backlog is never called STALLED,
 * however long some of its partitions wait behind its own work, and an app stuck on one event is,
 * within the window. The window is 3 samples here ({@code monitoring.lag-window: 3s}).
 */
class LagHealthTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    public record Echo(int id) { }

    /** About a millisecond per event: a backlog of thousands takes seconds, one partition's buffered fetch at a time. */
    public static class Slowish {
        @Ferry(app = "slowish", topics = "backlog.in", start = Start.BEGINNING)
        public static void run(List<Echo> events) {
            // Simulated work of about a millisecond per event, not a wait for anything.
            LockSupport.parkNanos(events.size() * 1_000_000L);
        }
    }

    /** Never returns from the event with id 50, until the test lets it go. */
    public static class StuckAtFifty {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final AtomicLong STUCK_AT = new AtomicLong();

        @Ferry(app = "stuck-at-50", topics = "stuck.in", start = Start.BEGINNING, batchSize = 10)
        public static void run(List<Echo> events) throws InterruptedException {
            if (events.stream().anyMatch(e -> e.id() == 50)) {
                STUCK_AT.compareAndSet(0, System.nanoTime());
                RELEASE.await();
            }
        }
    }

    private static PlatformProfile profile(TestKafka kafka) {
        return kafka.profile().toBuilder().set("monitoring.lag-window", WINDOW.toSeconds() + "s").build();
    }

    private static List<Map.Entry<String, String>> keyed(int n) {
        return IntStream.range(0, n).<Map.Entry<String, String>>mapToObj(
                i -> new AbstractMap.SimpleEntry<>("k" + i, "{\"id\": " + i + "}")).toList();
    }

    @Test
    void an_app_working_through_a_backlog_on_several_partitions_is_never_stalled() throws InterruptedException {
        TestKafka kafka = KAFKA.client();
        KAFKA.createTopic("backlog.in", 3);
        int events = 6_000;
        kafka.produceKeyed("backlog.in", keyed(events));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Slowish.class), profile(kafka));
             StatusRecorder recorder = new StatusRecorder(app, AppStatus::health)) {
            await().atMost(WAIT).until(() -> app.status().consumed() == events);

            List<AppStatus> verdicts = recorder.transitions();
            assertThat(verdicts).as("the verdicts over the whole run (%s reads of the status)", recorder.reads())
                    .noneMatch(s -> s.health() == Health.STALLED);
            assertThat(verdicts).as("a partition waited behind the work on the others for a whole window: the case "
                    + "this test is about").anyMatch(s -> s.health() == Health.LAGGING
                    && s.healthReason().endsWith("it waits behind that work"));
        }
    }

    @Test
    void an_app_stuck_on_one_event_is_stalled_within_the_window() {
        TestKafka kafka = KAFKA.client();
        KAFKA.createTopic("stuck.in", 2);
        kafka.produceKeyed("stuck.in", keyed(200));

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(StuckAtFifty.class), profile(kafka))) {
            try {
                await().atMost(WAIT).until(() -> StuckAtFifty.STUCK_AT.get() != 0);

                await().atMost(WAIT).until(() -> app.status().health() == Health.STALLED);
                Duration after = Duration.ofNanos(System.nanoTime() - StuckAtFifty.STUCK_AT.get());

                AppStatus s = app.status();
                assertThat(after).as("time from the function getting stuck to STALLED")
                        .isLessThanOrEqualTo(WINDOW.plusSeconds(1));
                assertThat(s.state()).isEqualTo(AppStatus.State.RUNNING);
                assertThat(s.healthReason()).matches("topic 'stuck.in' partition \\d is STALLED: .* and no event "
                        + "completed by its consumer over the last 3 samples \\(2s\\)");
            } finally {
                StuckAtFifty.RELEASE.countDown(); // so that the stop does not wait for it
            }
        }
    }
}
