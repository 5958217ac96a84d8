package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stop ends within {@code shutdown-timeout} plus {@link RunningApp#CLOSE_GRACE} whatever the
 * cluster does (README, "Stop"), and the log says what it gave up. Here the cluster goes away
 * while a batch runs, so its outputs are never acknowledged: the stop waits the shutdown timeout
 * for them, then gives the batch up (uncommitted), and neither committing, leaving the group nor
 * closing the producer may wait any longer than the grace. Then the broker comes back and a new
 * run processes the events given up: nothing is lost.
 */
class StopBoundTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(60);

    public record Num(int id) { }

    /** Holds the first call until the test lets it go; later calls run at once. */
    static final class Gate {
        static volatile CountDownLatch called = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        static void arm() {
            called = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        static void pass() throws InterruptedException {
            called.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    public static class AtLeastOnce {
        @Ferry(app = "stop-alo", topics = "stop-alo.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "stop-alo.out", schema = Num.class))
        public static List<Num> echo(List<Num> events) throws InterruptedException {
            Gate.pass();
            return events;
        }
    }

    public static class ExactlyOnce {
        @Ferry(app = "stop-eos", topics = "stop-eos.in", start = Start.BEGINNING, batchSize = 10,
                outputs = @Output(topic = "stop-eos.out", schema = Num.class))
        public static List<Num> echo(List<Num> events) throws InterruptedException {
            Gate.pass();
            return events;
        }
    }

    @Test
    void a_stop_with_the_cluster_gone_and_outputs_unacknowledged_ends_within_the_bound_and_says_what_it_gave_up()
            throws InterruptedException {
        List<String> log = stopWithTheClusterGone("stop-alo", AtLeastOnce.class, "at-least-once");

        assertThat(log).anyMatch(m -> m.startsWith("app 'stop-alo': consumer 0 stopping: 10 event(s) still in flight "
                        + "after 6s (shutdown-timeout); giving them up uncommitted (topic 'stop-alo.in' partition 0 "
                        + "from offset 0): they will be processed again"))
                .anyMatch(m -> m.matches("app 'stop-alo': consumer 0 stopping: gave up 10 output\\(s\\) that the "
                        + "cluster had not acknowledged within \\d+m?s; their input events are not committed and will be "
                        + "processed again"));
    }

    @Test
    void an_exactly_once_stop_with_the_cluster_gone_mid_transaction_ends_within_the_bound_and_says_what_it_gave_up()
            throws InterruptedException {
        List<String> log = stopWithTheClusterGone("stop-eos", ExactlyOnce.class, "exactly-once");

        assertThat(log).anyMatch(m -> m.startsWith("app 'stop-eos': consumer 0 stopping: 10 event(s) still in flight "
                        + "after 6s (shutdown-timeout); giving them up uncommitted"))
                // Which of the two depends on whether the producer had registered the transaction's
                // partitions with the coordinator before the broker went: if not, the client aborts
                // locally (nothing was ever written); if so, the abort needs the broker and is left to it.
                .anyMatch(m -> m.startsWith("app 'stop-eos': consumer 0 stopping: could not abort the open "
                        + "transaction") || m.startsWith("app 'stop-eos': consumer 0 stopping: aborted the open "
                        + "transaction; none of its outputs is visible to read_committed readers"));
    }

    /**
     * Runs the app until its first call holds 10 events, stops the broker, lets the call return
     * (its outputs cannot be acknowledged), and stops the app: that must end within the bound.
     * Then, with the broker back, a new run must process and commit all 10 events. Returns what
     * Ferry logged during the stop.
     */
    private static List<String> stopWithTheClusterGone(String app, Class<?> appClass, String guarantee)
            throws InterruptedException {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic(app + ".in", 1);
        kafka.createTopic(app + ".out", 1);
        kafka.produce(app + ".in", ids(0, 10));
        PlatformProfile profile = kafka.profile().toBuilder().set("guarantee", guarantee)
                .set("shutdown-timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s")
                // The stopped app could not leave the group: its next run must not wait Kafka's 45 s for it.
                .kafka("consumer", "session.timeout.ms", "6000").build();
        Gate.arm();
        Duration took;
        List<String> log;
        try (CapturedLog captured = CapturedLog.start()) {
            RunningApp running = FerryEngine.start(AppDescriptor.of(appClass), profile);
            try {
                assertThat(Gate.called.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first call started").isTrue();
                KAFKA.broker().stop();
                Gate.release.countDown(); // the call returns; its outputs go to a cluster that is not there
            } finally {
                long started = System.nanoTime();
                running.close();
                took = Duration.ofNanos(System.nanoTime() - started);
                KAFKA.broker().restart();
            }
            log = captured.messages();
        }

        assertThat(took).as("the stop took " + took.toMillis() + " ms").isLessThan(SHUTDOWN_TIMEOUT.plus(RunningApp.CLOSE_GRACE));
        try (RunningApp again = FerryEngine.start(AppDescriptor.of(appClass), profile)) {
            await().atMost(WAIT).until(() -> again.status().consumed() == 10);
        }
        assertThat(kafka.committedOffsets(app)).containsEntry(new TopicPartition(app + ".in", 0), 10L);
        assertThat(kafka.readAllValues(app + ".out", WAIT)).as("the whole output topic: the events given up, "
                + "processed again").containsExactlyElementsOf(compactIds(0, 10));
        return log;
    }
}
