package dev.ferry.benchmark;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The slow scenario's function written asynchronously: it returns at once a future of its outputs, and
 * each event's simulated I/O completes {@link FerrySlowApp#waitMs} after the previous event's, on a shared
 * scheduler, so no thread is held while waiting. A call takes as long as the blocking version's.
 *
 * <p>An engine without support for {@code CompletableFuture} returns rejects this app at start-up
 * ({@code AppDefinitionException}); the harness then reports the contender as not supported.
 */
public final class FerrySlowAsyncApp {

    static final String OUTPUT = BenchTopics.SLOW_OUTPUT_PREFIX + "ferry-async";

    private static final ScheduledExecutorService IO = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-io");
        t.setDaemon(true);
        return t;
    });

    private FerrySlowAsyncApp() {
    }

    @Ferry(app = OUTPUT, topics = BenchTopics.SLOW_INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE, outputs = @Output(topic = OUTPUT, schema = SlowEvent.class),
            description = "Benchmark, slow scenario: waits per event (simulated I/O) without holding a thread.",
            owner = "ferry-benchmark")
    public static CompletableFuture<List<OutputEvent<SlowEvent>>> slowAsync(List<InputEvent<SlowEvent>> events) {
        Progress.firstEvent();
        List<OutputEvent<SlowEvent>> out = new ArrayList<>(events.size());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (InputEvent<SlowEvent> e : events) {
            chain = chain.thenCompose(ignored -> io()).thenRun(() -> out.add(OutputEvent.of(e.value()).withKey(e.key())));
        }
        return chain.thenApply(ignored -> out);
    }

    /** One event's simulated I/O: a future completed {@link FerrySlowApp#waitMs} from now. */
    private static CompletableFuture<Void> io() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        IO.schedule(() -> done.complete(null), FerrySlowApp.waitMs, TimeUnit.MILLISECONDS);
        return done;
    }
}
