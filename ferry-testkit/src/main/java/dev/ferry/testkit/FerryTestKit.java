package dev.ferry.testkit;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.PipelineDriver;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs an app's function through the engine's production pipeline with no broker, and returns what
 * it would have written: the events split into polls of the app's batch size, decoded with the input
 * format, run in key-ordered sub-batches with the app's concurrency (synchronous or asynchronous
 * functions alike), every output validated against its schema and encoded, and a failing batch
 * narrowed down to the event. A failure throws the same {@link EventFailedException} the engine would
 * halt on, naming the event. Each kit holds one instance of the app's class, as one consumer does.
 *
 * <pre>{@code
 * TestOutputs out = FerryTestKit.of(PredictFoo.class).run("{\"client\": 7}");
 * assertThat(out.events("predict.topic")).hasSize(1);
 * }</pre>
 *
 * <p>A kit numbers the events it is given from offset 0 of partition 0 of the app's first input
 * topic, on from one run to the next, so a new kit gives the same events the same envelope ids
 * ({@code metadata.id}, derived from the input event) on every run, however they are batched.
 *
 * <p>By default the kit runs with the platform's defaults, except that a failing event is tried
 * once (no retries, so a test fails at once); give a profile to run as the platform will, for
 * instance with {@code concurrency} or {@code poison-policy: dead-letter}.
 */
public final class FerryTestKit implements AutoCloseable {

    private final AppDescriptor descriptor;
    private final InMemorySink sink = new InMemorySink();
    private final PipelineDriver driver;
    private long nextOffset;

    private FerryTestKit(AppDescriptor descriptor, PlatformProfile profile) {
        this.descriptor = descriptor;
        this.driver = PipelineDriver.create(descriptor, profile, sink, List.of());
    }

    /** A kit for the one {@code @Ferry} method of a class; checks it as the engine would at start-up. */
    public static FerryTestKit of(Class<?> appClass) {
        return of(AppDescriptor.of(appClass));
    }

    /** A kit for the {@code @Ferry} app of the given name in a class. */
    public static FerryTestKit of(Class<?> appClass, String app) {
        return of(AppDescriptor.of(appClass, app));
    }

    /** A kit for an app descriptor, with the kit's default profile (one try per event). */
    public static FerryTestKit of(AppDescriptor descriptor) {
        return of(descriptor, defaultProfile());
    }

    /** A kit for an app descriptor, run as {@code profile} says (no cluster setting is needed). */
    public static FerryTestKit of(AppDescriptor descriptor, PlatformProfile profile) {
        return new FerryTestKit(descriptor, profile);
    }

    /** The kit's default profile: the platform's defaults, with a failing event tried once. */
    public static PlatformProfile defaultProfile() {
        return PlatformProfile.builder().set("retry.max-attempts", "1").build();
    }

    /** The app as described. */
    public AppDescriptor descriptor() {
        return descriptor;
    }

    /** The schema each output topic's events are validated against, by topic. */
    public Map<String, OutputSchema> outputSchemas() {
        return driver.outputSchemas();
    }

    /** Runs the function over events given as JSON text, as if read from the app's first input topic. */
    public TestOutputs run(String... json) {
        return run(Arrays.asList(json));
    }

    /**
     * Runs the function over events given as JSON text (null for a tombstone), as if read from the
     * app's first input topic.
     */
    public TestOutputs run(List<String> json) {
        List<Event> events = new ArrayList<>(json.size());
        for (String value : json) {
            events.add(event(value == null ? null : value.getBytes(StandardCharsets.UTF_8), null, Map.of()));
        }
        return runRecords(events);
    }

    /** Runs the function over events given as objects (records, maps), written in the app's input format first. */
    public TestOutputs runEvents(List<?> values) {
        List<Event> events = new ArrayList<>(values.size());
        for (Object value : values) {
            events.add(event(encode(value, events.size()), null, Map.of()));
        }
        return runRecords(events);
    }

    /** Runs the function over events with keys and headers; see {@link TestEvent}. */
    public TestOutputs run(TestEvent... events) {
        List<Event> out = new ArrayList<>(events.length);
        for (TestEvent e : events) {
            out.add(event(encode(e.value(), out.size()), e.key(), e.headers()));
        }
        return runRecords(out);
    }

    private byte[] encode(Object value, int index) {
        try {
            return driver.encodeInput(value);
        } catch (FormatException e) {
            throw new IllegalArgumentException("test event " + index + " cannot be written in the app's input format: "
                    + e.getMessage(), e);
        }
    }

    private Event event(byte[] value, String key, Map<String, String> headers) {
        List<Event.Header> h = new ArrayList<>(headers.size());
        headers.forEach((k, v) -> h.add(new Event.Header(k, v.getBytes(StandardCharsets.UTF_8))));
        return Event.of(descriptor.topics().get(0), 0, nextOffset++, System.currentTimeMillis(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h);
    }

    private TestOutputs runRecords(List<Event> events) {
        sink.clear();
        long callsBefore = driver.calls();
        int polls = driver.run(events);
        return new TestOutputs(sink.written(), polls, (int) (driver.calls() - callsBefore), driver::decodeOutput);
    }

    /** Stops the kit's worker threads. Optional: they are daemon threads. */
    @Override
    public void close() {
        driver.close();
    }
}
