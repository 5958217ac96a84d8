package dev.ferry.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.AppSpec;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.internal.BatchProcessor;
import dev.ferry.engine.internal.BatchRunner;
import dev.ferry.engine.internal.Cancellation;
import dev.ferry.engine.internal.FunctionInvoker;
import dev.ferry.engine.internal.InRecord;
import dev.ferry.engine.internal.InputDecoder;
import dev.ferry.engine.internal.Json;
import dev.ferry.engine.internal.OutputEncoder;
import dev.ferry.engine.internal.OutputValidator;
import dev.ferry.engine.internal.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Runs an app's function the way the engine does (split into batches of the app's batch size,
 * decoded, called, every output validated against its schema and encoded) with no broker, and
 * returns what it would have written. A failure throws the same {@link EventFailedException} the
 * engine would halt on, naming the event. Each kit holds one instance of the app's class, as one
 * consumer does.
 *
 * <pre>{@code
 * TestOutputs out = FerryTestKit.of(PredictFoo.class).run("{\"client\": 7}");
 * assertThat(out.events("predict.topic")).hasSize(1);
 * }</pre>
 */
public final class FerryTestKit {

    private final AppSpec spec;
    private final BatchRunner runner;
    private final InMemoryOutputWriter writer = new InMemoryOutputWriter();
    private long nextOffset;

    private FerryTestKit(AppSpec spec) {
        this.spec = spec;
        BatchProcessor processor = new BatchProcessor(new InputDecoder(spec.shape()), FunctionInvoker.create(spec),
                new OutputEncoder(spec, OutputValidator.of(spec)));
        this.runner = new BatchRunner(spec.name(), processor, writer, RetryPolicy.NONE);
    }

    /** A kit for the one {@code @Ferry} method of a class; checks it as the engine would at start-up. */
    public static FerryTestKit of(Class<?> appClass) {
        return new FerryTestKit(AppSpec.of(appClass));
    }

    /** A kit for the {@code @Ferry} app of the given name in a class. */
    public static FerryTestKit of(Class<?> appClass, String app) {
        return new FerryTestKit(AppSpec.of(appClass, app));
    }

    /** The app as resolved from its annotation. */
    public AppSpec spec() {
        return spec;
    }

    /** Runs the function over events given as JSON text, as if read from the app's first input topic. */
    public TestOutputs run(String... json) {
        return run(Arrays.asList(json));
    }

    /** Runs the function over events given as JSON text, as if read from the app's first input topic. */
    public TestOutputs run(List<String> json) {
        List<InRecord> records = new ArrayList<>(json.size());
        String topic = spec.topics().get(0);
        for (String event : json) {
            byte[] value = event == null ? null : event.getBytes(StandardCharsets.UTF_8);
            records.add(new InRecord(topic, 0, nextOffset++, System.currentTimeMillis(), null, value, new RecordHeaders()));
        }
        return runRecords(records);
    }

    /** Runs the function over events given as objects (records, maps), encoded to JSON first. */
    public TestOutputs runEvents(List<?> events) {
        List<String> json = new ArrayList<>(events.size());
        for (Object e : events) {
            try {
                json.add(e instanceof String s ? s : Json.MAPPER.writeValueAsString(e));
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("test event " + json.size() + " cannot be written as JSON: "
                        + ex.getOriginalMessage(), ex);
            }
        }
        return run(json);
    }

    private TestOutputs runRecords(List<InRecord> records) {
        writer.clear();
        int batches = 0;
        for (int from = 0; from < records.size(); from += spec.batchSize()) {
            List<InRecord> batch = records.subList(from, Math.min(records.size(), from + spec.batchSize()));
            batches++;
            try {
                runner.run(batch, new Cancellation(), NoListener.INSTANCE);
            } catch (Cancellation.AbandonedException e) {
                throw new IllegalStateException("the test kit never abandons a batch", e);
            }
        }
        return new TestOutputs(writer.written(), batches);
    }

    private enum NoListener implements BatchRunner.Listener {
        INSTANCE;

        @Override
        public void completed(List<InRecord> events, int emitted) {
        }

        @Override
        public void retrying(dev.ferry.engine.EventPosition position, int attempt, java.time.Duration backoff,
                             dev.ferry.engine.internal.ProcessingException cause) {
        }
    }
}
