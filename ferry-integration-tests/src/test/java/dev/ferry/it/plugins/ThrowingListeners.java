package dev.ferry.it.plugins;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.ListenerProvider;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.PluginContext;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken listener plug-in, {@value #NAME}: every callback throws. Proves that a listener cannot
 * stop an app. It counts the callbacks it threw from, per app, so a test can tell it was called.
 */
public final class ThrowingListeners implements ListenerProvider {

    /** The name the profile's {@code listeners} uses. */
    public static final String NAME = "throwing";

    private static final Map<String, AtomicInteger> THROWN = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LifecycleListener create(PluginContext context) {
        AtomicInteger thrown = THROWN.computeIfAbsent(context.app().name(), k -> new AtomicInteger());
        return new LifecycleListener() {
            private void fail(String callback) {
                thrown.incrementAndGet();
                throw new IllegalStateException("the throwing listener throws from " + callback);
            }

            @Override
            public void started() {
                fail("started");
            }

            @Override
            public void assigned(int consumer, Collection<Partition> partitions, int owned) {
                fail("assigned");
            }

            @Override
            public void completed(int consumer, List<Event> events, List<OutputRecord> outputs) {
                fail("completed");
            }

            @Override
            public void functionCalled(int consumer, int events, long nanos) {
                fail("functionCalled");
            }

            @Override
            public void batchCompleted(int consumer, int events, Duration took) {
                fail("batchCompleted");
            }

            @Override
            public void halted(int consumer, EventPosition position, int attempts, String reason) {
                fail("halted");
            }

            @Override
            public void lagSampled(int consumer, List<PartitionLag> lags) {
                fail("lagSampled");
            }

            @Override
            public void stopped(int consumer) {
                fail("stopped");
            }
        };
    }

    /** How many callbacks the listeners of an app threw from. */
    public static int thrown(String app) {
        AtomicInteger n = THROWN.get(app);
        return n == null ? 0 : n.get();
    }
}
