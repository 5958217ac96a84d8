package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.FunctionRuntime;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.Sink;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An app's production pipeline with no consumer, behind the public {@code PipelineDriver}: the
 * caller's events go in as polls of the app's batch size, through the same {@link Pipeline} a
 * consumer feeds (key-ordered sub-batches with the app's concurrency, async functions, validation,
 * narrowing, retries and dead letters as the profile says), and the outputs go to the caller's sink.
 */
public final class LocalPipeline implements AutoCloseable {

    private final AppDescriptor app;
    private final AppFormats formats;
    private final BatchProcessor processor;
    private final ExecutorService pool;
    private final Supplier<Pipeline> pipelines;
    private final AtomicLong calls;

    private LocalPipeline(AppDescriptor app, AppFormats formats, BatchProcessor processor, ExecutorService pool,
                          Supplier<Pipeline> pipelines, AtomicLong calls) {
        this.app = app;
        this.formats = formats;
        this.processor = processor;
        this.pool = pool;
        this.pipelines = pipelines;
        this.calls = calls;
    }

    /** The pipeline of one consumer of {@code app}, run as {@code platform} says, writing to {@code sink}. */
    public static LocalPipeline create(AppDescriptor app, PlatformProfile platform, Sink sink,
                                       List<LifecycleListener> extra) {
        PlatformProfile profile = platform.forApp(app);
        AppFormats.PluginContexts contexts = new AppFormats.PluginContexts(app, profile);
        FunctionRuntime runtime = AppLauncher.runtime(app);
        AppFormats formats = new AppFormats(app, profile, contexts);
        AtomicLong calls = new AtomicLong();
        List<LifecycleListener> all = new java.util.ArrayList<>(extra);
        all.add(new LifecycleListener() {
            @Override
            public void functionCalled(int consumer, int events, long nanos) {
                calls.incrementAndGet();
            }
        });
        Listeners listeners = new Listeners(app.name(), all);
        BatchProcessor processor = AppLauncher.processor(app, runtime, contexts, formats, listeners, 0);
        try {
            PipelineFactory pipelines = PipelineFactory.of(app, profile, processor, sink, listeners, 0, "local");
            return new LocalPipeline(app, formats, processor, pipelines.pool(), pipelines, calls);
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
    }

    /**
     * Runs events through a new pipeline as polls of the app's batch size, all handed over at once as
     * a consumer would, and waits until every one is completed. Returns how many polls there were.
     *
     * @throws EventFailedException naming the event, when one kept failing (nothing after it completed)
     */
    public int run(List<Event> events) {
        Pipeline p = pipelines.get();
        int polls = 0;
        for (int from = 0; from < events.size(); from += app.batchSize()) {
            p.submit(PolledBatch.of(events.subList(from, Math.min(events.size(), from + app.batchSize()))), false);
            polls++;
        }
        try {
            while (!p.awaitQuiet(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.cancel();
            throw new IllegalStateException("interrupted while the pipeline ran", e);
        }
        p.cancel();
        if (p.failure() instanceof EventFailedException failed) {
            throw failed;
        }
        if (p.failure() != null) {
            throw new IllegalStateException("app '" + app.name() + "': the pipeline failed unexpectedly: "
                    + p.failure(), p.failure());
        }
        if (p.broken() != null) {
            throw new IllegalStateException("app '" + app.name() + "': the sink failed to write: "
                    + p.broken().getMessage(), p.broken());
        }
        return polls;
    }

    /** How many times the function was called so far, narrowing and retries included. */
    public long calls() {
        return calls.get();
    }

    /** An input value in the app's input format, as a producer would have written it. */
    public byte[] encodeInput(Object value) throws FormatException {
        return formats.input().encode(value);
    }

    /** An output's bytes decoded as {@code type} with its topic's format. */
    public Object decodeOutput(String topic, byte[] value, Type type) throws FormatException {
        return formats.of(topic).reader(new ReaderContext(app, type)).decode(value);
    }

    /** Each output topic's schema. */
    public Map<String, OutputSchema> schemas() {
        return formats.schemas();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        processor.close();
    }
}
