package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline of a sink that owns the offsets, written behind ({@link WriteLane}): the next batch is
 * mapped while one is written, the writes still go one at a time in input order, a failing write is
 * narrowed down before anything after it is written.
 */
class WrittenBehindTest {

    private static final String TOPIC = "readings";
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final AtomicInteger CALLS = new AtomicInteger();

    record Reading(int n) {
    }

    static final class Echo {
        @Ferry(app = "echo", topics = TOPIC, outputs = @Output(topic = "echoed", schema = Reading.class))
        static List<Reading> run(List<Reading> readings) {
            CALLS.incrementAndGet();
            return readings;
        }
    }

    /**
     * A sink that owns offsets (as a database sink does), whose writes block until the test opens the
     * gate, and which refuses every write holding the event at {@code refused} (-1: none).
     */
    static final class GatedStore implements Sink {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final List<Long> written = Collections.synchronizedList(new ArrayList<>());
        volatile long refused = -1;

        @Override
        public Offsets offsets() {
            return Offsets.STORE;
        }

        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                if (batch.consumed().stream().anyMatch(e -> e.offset() == refused)) {
                    return CompletableFuture.failedFuture(new ProcessingException(ProcessingException.Stage.WRITE,
                            "the store refuses offset " + refused, null));
                }
                batch.consumed().forEach(e -> written.add(e.offset()));
                return CompletableFuture.completedFuture(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public void close() {
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final GatedStore store = new GatedStore();

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    @AfterEach
    void stopPool() {
        store.gate.countDown();
        pool.shutdownNow();
    }

    private Pipeline pipeline() {
        BatchProcessor processor = TestParts.processor(Echo.class);
        SinkWriter sink = new SinkWriter(store);
        BatchRunner runner = new BatchRunner("echo", processor, sink,
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(10), 1), null);
        return new Pipeline("echo", 0, 1, processor, sink, runner, new Listeners("echo", List.of()), pool, true,
                new WriteLane(pool));
    }

    /** {@code n} events with keys, at offsets from {@code first}. */
    private static PolledBatch poll(int n, long first) {
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long offset = first + k;
            events.add(new InRecord(TOPIC, 0, offset, 0, ("key-" + offset).getBytes(StandardCharsets.UTF_8),
                    ("{\"n\": " + offset + "}").getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        }
        return PolledBatch.of(events);
    }

    private static List<Long> offsets(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(o);
        }
        return out;
    }

    @Test
    void the_next_batch_is_mapped_while_one_is_written_and_the_writes_go_one_at_a_time_in_order() throws Exception {
        Pipeline p = pipeline();

        p.submit(poll(10, 0), true);
        p.submit(poll(10, 10), true);
        p.submit(poll(10, 20), true);

        await().atMost(PATIENCE).until(() -> store.inProgress.get() == 1 && CALLS.get() == 3);
        store.gate.countDown();
        await().atMost(PATIENCE).until(() -> p.tracker().remaining() == 0);
        assertThat(p.awaitQuiet(System.nanoTime() + PATIENCE.toNanos())).isTrue();
        assertThat(store.written).containsExactlyElementsOf(offsets(0, 30));
        assertThat(store.mostAtOnce.get()).as("writes at once").isEqualTo(1);
        assertThat(CALLS.get()).as("calls of the function: one per batch, none again").isEqualTo(3);
        assertThat(p.failure()).isNull();
    }

    @Test
    void a_refused_write_is_narrowed_down_and_halts_before_anything_after_it_is_written() throws Exception {
        store.refused = 13;
        Pipeline p = pipeline();

        p.submit(poll(10, 0), true);
        p.submit(poll(10, 10), true);
        p.submit(poll(10, 20), true);
        await().atMost(PATIENCE).until(() -> CALLS.get() == 3);
        store.gate.countDown();

        await().atMost(PATIENCE).until(() -> p.failure() != null);
        assertThat(p.awaitQuiet(System.nanoTime() + PATIENCE.toNanos())).isTrue();
        assertThat(p.failure()).isInstanceOf(EventFailedException.class);
        assertThat(((EventFailedException) p.failure()).position().offset()).isEqualTo(13);
        assertThat(store.written).as("the events before the refused one, and nothing after it")
                .containsExactlyElementsOf(offsets(0, 13));
        assertThat(p.tracker().remaining()).isEqualTo(30 - 13);
        assertThat(store.mostAtOnce.get()).as("writes at once").isEqualTo(1);
    }
}
