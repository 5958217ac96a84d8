package dev.ferry.engine;

import dev.ferry.engine.internal.LocalPipeline;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.Sink;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Runs an app's production pipeline on events the caller gives, with no broker: the same decoding,
 * key-ordered sub-batches with the app's concurrency, synchronous or asynchronous function calls,
 * validation of every output, and narrowing, retries and dead letters on a failure, as a consumer of
 * the app would run them; outputs go to the caller's {@link Sink}. What the test kit is built on,
 * as Kafka Streams' {@code TopologyTestDriver} is for topologies. Not thread-safe: one run at a time.
 */
public final class PipelineDriver implements AutoCloseable {

    private final LocalPipeline local;

    private PipelineDriver(LocalPipeline local) {
        this.local = local;
    }

    /**
     * A driver of the app's pipeline, run as the profile says (its concurrency, retries, poison policy
     * and formats; no cluster setting is needed), writing to {@code sink}, with {@code listeners}
     * told what happens.
     *
     * @throws AppDefinitionException if the app cannot run as described
     * @throws ProfileException       if the profile is invalid or names a plug-in that is not on the classpath
     */
    public static PipelineDriver create(AppDescriptor app, PlatformProfile profile, Sink sink,
                                        List<LifecycleListener> listeners) {
        return new PipelineDriver(LocalPipeline.create(app, profile, sink, listeners));
    }

    /**
     * Runs the events (as polls of the app's batch size, handed over at once) and returns when every
     * one is completed; returns how many polls there were.
     *
     * @throws EventFailedException naming the event, when one kept failing; nothing after it completed
     */
    public int run(List<Event> events) {
        return local.run(events);
    }

    /** How many times the function was called so far, narrowing and retries included. */
    public long calls() {
        return local.calls();
    }

    /** A value as an input event's bytes, in the app's input format. */
    public byte[] encodeInput(Object value) throws FormatException {
        return local.encodeInput(value);
    }

    /** An output event's bytes, decoded as {@code type} (a record, {@code Map}, {@code String}...) with its topic's format. */
    public Object decodeOutput(String topic, byte[] value, Type type) throws FormatException {
        return local.decodeOutput(topic, value, type);
    }

    /** Each output topic's schema, as its format validates it. */
    public Map<String, OutputSchema> outputSchemas() {
        return local.schemas();
    }

    /** Stops the pipeline's threads and closes the function. */
    @Override
    public void close() {
        local.close();
    }
}
