package dev.ferry.it.plugins;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.LifecycleListener.PartitionLag;
import dev.ferry.engine.spi.ListenerProvider;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.PluginContext;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A listener plug-in as a platform team would add one (for lineage, an audit trail, its own
 * metrics), proving that {@code ListenerProvider} is a seam: named {@value #NAME} in the profile's
 * {@code listeners}, it records what it hears of each app in a {@link Recording}, which tests find by
 * the profile's {@code plugins.recording.key} (the app's name if not set).
 */
public final class RecordingListeners implements ListenerProvider {

    /** The name the profile's {@code listeners} uses. */
    public static final String NAME = "recording";

    private static final Map<String, Recording> RECORDINGS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LifecycleListener create(PluginContext context) {
        Recording recording = new Recording(context);
        RECORDINGS.put(context.setting("key", context.app().name()), recording);
        return recording;
    }

    /** What the listener made for the app started with {@code key} heard, or null if none was made. */
    public static Recording recording(String key) {
        return RECORDINGS.get(key);
    }

    /** A {@code halted} callback. */
    public record Halt(int consumer, EventPosition position, int attempts, String reason) {
    }

    /** A {@code lagSampled} callback. */
    public record LagSample(int consumer, List<PartitionLag> lags) {
    }

    /** Everything one app's listener heard; every callback is also named in {@link #calls()}, in order. */
    public static final class Recording implements LifecycleListener {
        private final PluginContext context;
        private final List<String> calls = new CopyOnWriteArrayList<>();
        private final List<Partition> assigned = new CopyOnWriteArrayList<>();
        private final List<EventPosition> completed = new CopyOnWriteArrayList<>();
        private final AtomicLong outputs = new AtomicLong();
        private final AtomicLong batchEvents = new AtomicLong();
        private final List<Duration> batchTimes = new CopyOnWriteArrayList<>();
        private final AtomicReference<LagSample> lastLag = new AtomicReference<>();
        private final List<Halt> halts = new CopyOnWriteArrayList<>();
        private final List<Integer> stopped = new CopyOnWriteArrayList<>();

        Recording(PluginContext context) {
            this.context = context;
        }

        /** What the listener was made with. */
        public PluginContext context() {
            return context;
        }

        /** The callbacks' names in the order they came. */
        public List<String> calls() {
            return calls;
        }

        /** Every partition assigned, in order. */
        public List<Partition> assigned() {
            return assigned;
        }

        /** The position of every input event reported completed, in the order reported. */
        public List<EventPosition> completed() {
            return completed;
        }

        /** How many outputs the completed events made, summed over {@code completed} callbacks. */
        public long outputs() {
            return outputs.get();
        }

        /** The events of every {@code batchCompleted}, summed. */
        public long batchEvents() {
            return batchEvents.get();
        }

        /** How long each completed batch took. */
        public List<Duration> batchTimes() {
            return batchTimes;
        }

        /** The latest lag sample, or null. */
        public LagSample lastLag() {
            return lastLag.get();
        }

        /** Every halt. */
        public List<Halt> halts() {
            return halts;
        }

        /** The consumers that said they stopped. */
        public List<Integer> stopped() {
            return stopped;
        }

        @Override
        public void started() {
            calls.add("started");
        }

        @Override
        public void assigned(int consumer, Collection<Partition> partitions, int owned) {
            calls.add("assigned");
            assigned.addAll(partitions);
        }

        @Override
        public void completed(int consumer, List<Event> events, List<OutputRecord> outputs) {
            calls.add("completed");
            events.forEach(e -> completed.add(e.position()));
            this.outputs.addAndGet(outputs.size());
        }

        @Override
        public void batchCompleted(int consumer, int events, Duration took) {
            calls.add("batchCompleted");
            batchEvents.addAndGet(events);
            batchTimes.add(took);
        }

        @Override
        public void lagSampled(int consumer, List<PartitionLag> lags) {
            calls.add("lagSampled");
            lastLag.set(new LagSample(consumer, List.copyOf(lags)));
        }

        @Override
        public void halted(int consumer, EventPosition position, int attempts, String reason) {
            calls.add("halted");
            halts.add(new Halt(consumer, position, attempts, reason));
        }

        @Override
        public void stopped(int consumer) {
            calls.add("stopped");
            stopped.add(consumer);
        }
    }
}
