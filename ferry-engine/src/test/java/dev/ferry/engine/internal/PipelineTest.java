package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the pipeline hands sub-batches' outputs to the writer: sub-batches of different lanes send at
 * the same time, and once the pipeline is cancelled nothing of it is sent any more.
 */
class PipelineTest {

    private static final String TOPIC = "readings";
    private static final int CONCURRENCY = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    record Reading(int n) {
    }

    static final class Echo {
        @Ferry(app = "echo", topics = TOPIC, outputs = @Output(topic = "echoed", schema = Reading.class))
        static List<Reading> run(List<Reading> readings) {
            return readings;
        }
    }

    /** A sink whose sends block until the test opens the gate; it counts the sends in progress. */
    static final class GatedWriter implements Sink {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            started.incrementAndGet();
            mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inProgress.decrementAndGet();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    private final GatedWriter writer = new GatedWriter();

    @AfterEach
    void stopPool() {
        writer.gate.countDown();
        pool.shutdownNow();
    }

    private Pipeline pipeline() {
        BatchProcessor processor = TestParts.processor(Echo.class);
        SinkWriter sink = new SinkWriter(writer);
        BatchRunner runner = new BatchRunner("echo", processor, sink,
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(10), 1), null);
        return new Pipeline("echo", 0, CONCURRENCY, processor, sink, runner, new Listeners("echo", List.of()), pool,
                false);
    }

    /** One event per key, keys 0 to {@code keys - 1}, at offsets from {@code first}. */
    private static PolledBatch poll(int keys, long first) {
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            events.add(new InRecord(TOPIC, 0, first + k, 0, ("key-" + k).getBytes(StandardCharsets.UTF_8),
                    ("{\"n\": " + k + "}").getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        }
        return PolledBatch.of(events);
    }

    @Test
    void sub_batches_of_different_lanes_send_at_the_same_time() {
        Pipeline p = pipeline();

        p.submit(poll(32, 0), false); // 32 keys over 8 lanes: more lanes than calls at once

        await().atMost(PATIENCE).until(() -> writer.inProgress.get() == CONCURRENCY);
        writer.gate.countDown();
        await().atMost(PATIENCE).until(() -> p.tracker().remaining() == 0);
        assertThat(writer.mostAtOnce.get()).isEqualTo(CONCURRENCY);
    }

    @Test
    void once_cancelled_it_sends_nothing_more_and_waits_for_the_sends_in_progress() throws Exception {
        Pipeline p = pipeline();
        p.submit(poll(32, 0), false);
        await().atMost(PATIENCE).until(() -> writer.inProgress.get() == CONCURRENCY);

        Thread canceller = new Thread(p::cancel, "canceller");
        canceller.start();
        await().atMost(PATIENCE).until(() -> canceller.getState() == Thread.State.TIMED_WAITING);
        assertThat(canceller.isAlive()).as("cancel waits for the sends in progress").isTrue();
        int sentBeforeCancel = writer.started.get();

        writer.gate.countDown();
        canceller.join(PATIENCE.toMillis());
        assertThat(canceller.isAlive()).isFalse();
        assertThat(p.awaitQuiet(System.nanoTime() + PATIENCE.toNanos())).isTrue();
        assertThat(writer.started.get()).as("sends begun after cancel").isEqualTo(sentBeforeCancel);
        assertThat(p.tracker().remaining()).as("events of sub-batches never sent stay not completed").isPositive();
    }

    @Test
    void a_cancel_told_to_stop_waiting_returns_while_sends_are_in_progress_and_nothing_more_is_sent() {
        Pipeline p = pipeline();
        p.submit(poll(32, 0), false);
        await().atMost(PATIENCE).until(() -> writer.inProgress.get() == CONCURRENCY);
        AtomicInteger asked = new AtomicInteger();

        boolean waitedThemOut = p.cancel(() -> asked.incrementAndGet() >= 3);

        assertThat(waitedThemOut).as("the sends in progress are still blocked").isFalse();
        assertThat(asked.get()).as("it waited a little, asking each time").isEqualTo(3);
        int sentBeforeCancel = writer.started.get();
        writer.gate.countDown();
        await().atMost(PATIENCE).until(() -> writer.inProgress.get() == 0);
        assertThat(writer.started.get()).as("sends begun after cancel").isEqualTo(sentBeforeCancel);
    }
}
