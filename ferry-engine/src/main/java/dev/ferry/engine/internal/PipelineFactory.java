package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.PoisonPolicy;
import dev.ferry.engine.spi.Sink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes the pipelines of one consumer (a first one, and a new one each time its work is given up),
 * all sharing the consumer's function, sink, worker threads and runner, as the profile says: the
 * guarantee's mode with this sink, the concurrency, the retries and the poison policy. The same for
 * a consumer on a broker and for the pipeline driver without one.
 */
final class PipelineFactory implements Supplier<Pipeline> {

    private final String app;
    private final int consumer;
    private final int concurrency;
    private final BatchProcessor processor;
    private final SinkWriter writer;
    private final BatchRunner runner;
    private final Listeners listeners;
    private final ExecutorService pool;
    private final DeliveryMode mode;
    private final WriteLane lane;

    private PipelineFactory(String app, int consumer, int concurrency, BatchProcessor processor, SinkWriter writer,
                            BatchRunner runner, Listeners listeners, ExecutorService pool, DeliveryMode mode,
                            WriteLane lane) {
        this.lane = lane;
        this.app = app;
        this.consumer = consumer;
        this.concurrency = concurrency;
        this.processor = processor;
        this.writer = writer;
        this.runner = runner;
        this.listeners = listeners;
        this.pool = pool;
        this.mode = mode;
    }

    /**
     * The pipelines of consumer {@code consumer} of {@code app}, whose worker threads are named
     * {@code ferry-<app>-<threads>-<consumer>-<n>}.
     *
     * @throws dev.ferry.engine.ProfileException if the guarantee and the sink do not go together
     */
    static PipelineFactory of(AppDescriptor app, PlatformProfile profile, BatchProcessor processor, Sink sink,
                              Listeners listeners, int consumer, String threads) {
        DeliveryMode mode = AppLauncher.mode(app, profile, sink);
        int concurrency = profile.concurrency();
        AtomicInteger n = new AtomicInteger();
        // a sink that owns offsets has each write waited for: one more thread writes one batch behind the
        // worker's mapping of the next (WriteLane), shared by the consumer's pipelines so writes stay in order
        boolean behind = mode.waitForEachWrite() && concurrency == 1;
        ExecutorService pool = Executors.newFixedThreadPool(behind ? 2 : concurrency, r -> {
            Thread t = new Thread(r, "ferry-" + app.name() + "-" + threads + "-" + consumer + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        SinkWriter writer = new SinkWriter(sink);
        DeadLetters deadLetters = profile.poisonPolicy() == PoisonPolicy.DEAD_LETTER
                ? new DeadLetters(app.name(), profile.deadLetterTopic(app.name())) : null;
        RetryPolicy retry = new RetryPolicy(profile.retryInitialBackoff(), profile.retryMaxBackoff(),
                profile.retryMaxAttempts());
        BatchRunner runner = new BatchRunner(app.name(), processor, writer, retry, deadLetters);
        return new PipelineFactory(app.name(), consumer, concurrency, processor, writer, runner, listeners, pool, mode,
                behind ? new WriteLane(pool) : null);
    }

    /** A new, empty pipeline. */
    @Override
    public Pipeline get() {
        return new Pipeline(app, consumer, concurrency, processor, writer, runner, listeners, pool,
                mode.waitForEachWrite(), lane);
    }

    /** What the guarantee decides, with this sink. */
    DeliveryMode mode() {
        return mode;
    }

    /** The sink, as the engine writes to it. */
    SinkWriter writer() {
        return writer;
    }

    /** The worker threads, to be shut down with the consumer. */
    ExecutorService pool() {
        return pool;
    }
}
