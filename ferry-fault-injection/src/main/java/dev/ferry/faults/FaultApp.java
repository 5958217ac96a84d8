package dev.ferry.faults;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import java.util.List;

/**
 * The app the fault-injection suite runs: it maps every input event {@code {"id": n}} to one output
 * {@code {"id": n, "instance": "..."}} naming the process that wrote it. The function is pure, so
 * any event can be processed again; what the suite checks is that none is ever dropped. It fails on
 * every poison event, always, as a bug in a function would.
 */
public final class FaultApp {

    /** The app's name, which is also its consumer group. */
    public static final String NAME = "ferry-faults";
    /** The input topic: events with unique ids. */
    public static final String INPUT = "faults.in";
    /** The output topic: one record per processed event (or more, after a retry). */
    public static final String OUTPUT = "faults.out";
    /** Where the engine sends poison events when the profile says {@code poison-policy: dead-letter}. */
    public static final String DEAD_LETTERS = NAME + ".dead-letter";
    /** The most events per call. */
    public static final int BATCH_SIZE = 200;

    /** The system property with the time, in milliseconds, the function spends per call (0 by default). */
    public static final String BATCH_WORK_PROPERTY = "ferry.faults.batch-work-ms";

    /** The system property with the size of the padding of every output, in characters (0 by default). */
    public static final String OUTPUT_BYTES_PROPERTY = "ferry.faults.output-bytes";

    private static volatile String instance = "unnamed";
    private static final long BATCH_WORK_MS = Long.getLong(BATCH_WORK_PROPERTY, 0);
    private static final String PADDING = "x".repeat(Integer.getInteger(OUTPUT_BYTES_PROPERTY, 0));

    private FaultApp() {
    }

    /** One input event; a poison event makes the function fail. */
    public record Event(long id, boolean poison) {
    }

    /** One output event: the input's id, the instance that processed it, and padding to make writes heavier. */
    public record Processed(long id, String instance, String padding) {
    }

    /**
     * Maps each event to its output, after spending {@value #BATCH_WORK_PROPERTY} milliseconds as a
     * model's inference would (so that a run lasts long enough for its faults to land mid-work).
     */
    @Ferry(app = NAME, topics = INPUT, start = Start.BEGINNING, batchSize = BATCH_SIZE,
            outputs = @Output(topic = OUTPUT, schema = Processed.class),
            description = "Echoes every event's id with the name of the instance that processed it; "
                    + "the fault-injection suite audits the echoes.",
            owner = "ferry-platform")
    public static List<Processed> process(List<Event> events) throws InterruptedException {
        String me = instance;
        if (BATCH_WORK_MS > 0) {
            Thread.sleep(BATCH_WORK_MS);
        }
        events.stream().filter(Event::poison).findFirst().ifPresent(e -> {
            throw new IllegalArgumentException("event " + e.id() + " is poison");
        });
        return events.stream().map(e -> new Processed(e.id(), me, PADDING)).toList();
    }

    /** Names the instance this process runs as; written into every output. */
    static void runAs(String name) {
        instance = name;
    }
}
