package dev.ferry.benchmark;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.api.Start;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The idle scenario's apps: one whose topic stays empty, and one whose function waits (for a call to a
 * service that does not answer) from its first batch until the run ends. Two apps because the app name,
 * the consumer group and the topics are fixed by the annotation.
 */
public final class FerryIdleApp {

    static final String NO_INPUT = "ferry-no-input";
    static final String WAITING = "ferry-waiting";

    /** Counted down when the waiting function has its first batch. */
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    /** Counted down when the run ends, to let the waiting function return. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private FerryIdleApp() {
    }

    @Ferry(app = BenchTopics.IDLE_OUTPUT_PREFIX + NO_INPUT, topics = BenchTopics.IDLE_INPUT_PREFIX + NO_INPUT,
            start = Start.BEGINNING, outputs = @Output(topic = BenchTopics.IDLE_OUTPUT_PREFIX + NO_INPUT,
            schema = SlowEvent.class), description = "Benchmark, idle scenario: an app with no input.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<SlowEvent>> noInput(List<InputEvent<SlowEvent>> events) {
        return events.stream().map(e -> OutputEvent.of(e.value()).withKey(e.key())).toList();
    }

    @Ferry(app = BenchTopics.IDLE_OUTPUT_PREFIX + WAITING, topics = BenchTopics.IDLE_INPUT_PREFIX + WAITING,
            start = Start.BEGINNING, outputs = @Output(topic = BenchTopics.IDLE_OUTPUT_PREFIX + WAITING,
            schema = SlowEvent.class), description = "Benchmark, idle scenario: a function that waits.",
            owner = "ferry-benchmark")
    public static List<OutputEvent<SlowEvent>> waiting(List<InputEvent<SlowEvent>> events) throws InterruptedException {
        ENTERED.countDown();
        RELEASE.await();
        return events.stream().map(e -> OutputEvent.of(e.value()).withKey(e.key())).toList();
    }
}
