package dev.ferry.benchmark;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow scenario's function as a data scientist writes it for Ferry: each event costs a few
 * milliseconds of waiting (here {@link Thread#sleep}, standing for a call to a feature store or a model
 * service), and the event goes out unchanged with its key. Two apps with the same body, because the app
 * name (the consumer group and, by the benchmark's convention, the output topic) is fixed by the
 * annotation: one run with the profile's {@code concurrency} set, one with it at 1. Neither sets
 * {@code concurrency} in the annotation: the profile does, so the same code is measured both ways.
 */
public final class FerrySlowApp {

    static final String CONCURRENT_OUTPUT = BenchTopics.SLOW_OUTPUT_PREFIX + "ferry-concurrent";
    static final String SEQUENTIAL_OUTPUT = BenchTopics.SLOW_OUTPUT_PREFIX + "ferry-sequential";

    /** The simulated I/O per event, set by the child JVM before the app starts. */
    static volatile long waitMs = 5;

    private FerrySlowApp() {
    }

    @Ferry(app = CONCURRENT_OUTPUT, topics = BenchTopics.SLOW_INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE, outputs = @Output(topic = CONCURRENT_OUTPUT, schema = SlowEvent.class),
            description = "Benchmark, slow scenario: waits per event (simulated I/O), run with concurrency.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<SlowEvent>> concurrent(List<InputEvent<SlowEvent>> events) throws InterruptedException {
        return slow(events);
    }

    @Ferry(app = SEQUENTIAL_OUTPUT, topics = BenchTopics.SLOW_INPUT, start = Start.BEGINNING,
            batchSize = ClientSettings.BATCH_SIZE, outputs = @Output(topic = SEQUENTIAL_OUTPUT, schema = SlowEvent.class),
            description = "Benchmark, slow scenario: waits per event (simulated I/O), one call at a time.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<SlowEvent>> sequential(List<InputEvent<SlowEvent>> events) throws InterruptedException {
        return slow(events);
    }

    private static List<OutputEvent<SlowEvent>> slow(List<InputEvent<SlowEvent>> events) throws InterruptedException {
        Progress.firstEvent();
        List<OutputEvent<SlowEvent>> out = new ArrayList<>(events.size());
        for (InputEvent<SlowEvent> e : events) {
            Thread.sleep(waitMs); // the simulated I/O of this event
            out.add(OutputEvent.of(e.value()).withKey(e.key()));
        }
        return out;
    }
}
