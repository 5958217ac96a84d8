package dev.ferry.it.plugins;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FunctionContext;
import dev.ferry.engine.spi.FunctionRuntime;
import dev.ferry.engine.spi.ProcessingException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function runtime as a platform team would ship one, proving that {@code FunctionRuntime} is a
 * seam: an app described in YAML with {@code function: {runtime: upper-case}} runs with no Java method
 * of its author's at all. Each input event's text is emitted upper-cased, followed by the profile's
 * {@code plugins.upper-case.suffix}, as {@code {"text": ...}} to the app's one output topic, with the
 * input's key.
 *
 * <p>The descriptor's own function settings choose how: {@code mode: async} completes each batch
 * later, about 10 ms after the call returned, on the runtime's own thread (named
 * {@value #ASYNC_THREAD_PREFIX}...), and each output then carries a header {@value #COMPLETED_ON}
 * naming that thread. {@code fail-on: <text>} fails a batch that holds that text: the call itself
 * throws an unchecked exception (as a runtime with a bug would), or with {@code mode: async} the stage
 * it returned fails with a {@code ProcessingException}.
 */
public final class UpperCaseRuntime implements FunctionRuntime {

    /** The name descriptors use. */
    public static final String NAME = "upper-case";

    /** The threads async batches complete on start with this. */
    public static final String ASYNC_THREAD_PREFIX = "upper-case-async-";

    /** The header naming the thread an async batch completed on. */
    public static final String COMPLETED_ON = "completed-on";

    private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AppFunction create(FunctionContext context) {
        AppDescriptor app = context.app();
        if (app.outputs().size() != 1) {
            throw new AppDefinitionException(app.origin() + ": the upper-case runtime writes to exactly one output "
                    + "topic, but " + app.outputs().size() + " are declared");
        }
        Map<String, String> function = app.function().settings();
        String mode = function.getOrDefault("mode", "sync");
        if (!mode.equals("sync") && !mode.equals("async")) {
            throw new AppDefinitionException(app.origin() + ": function.mode '" + mode + "' is not sync or async");
        }
        OPEN.computeIfAbsent(app.name(), k -> new AtomicInteger()).incrementAndGet();
        return new UpperCase(app.name(), app.outputs().get(0).topic(), context.plugin().setting("suffix", ""),
                mode.equals("async"), function.get("fail-on"));
    }

    /** How many functions of an app this runtime made that are not closed yet. */
    public static int openFunctions(String app) {
        AtomicInteger n = OPEN.get(app);
        return n == null ? 0 : n.get();
    }

    /** One consumer's function. */
    private static final class UpperCase implements AppFunction {
        private final String app;
        private final String topic;
        private final String suffix;
        private final String failOn;
        private final ExecutorService async;

        UpperCase(String app, String topic, String suffix, boolean async, String failOn) {
            this.app = app;
            this.topic = topic;
            this.suffix = suffix;
            this.failOn = failOn;
            AtomicInteger threads = new AtomicInteger();
            this.async = async ? Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, ASYNC_THREAD_PREFIX + threads.getAndIncrement());
                t.setDaemon(true);
                return t;
            }) : null;
        }

        @Override
        public Type inputType() {
            return String.class;
        }

        @Override
        public CompletionStage<List<Emitted>> apply(List<Event> events, List<Object> values) {
            if (async == null) {
                if (failOn != null && values.contains(failOn)) {
                    throw new IllegalStateException("upper-case cannot handle '" + failOn + "'");
                }
                return CompletableFuture.completedFuture(emit(events, values, Map.of()));
            }
            CompletableFuture<List<Emitted>> later = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS, async).execute(() -> {
                int poisoned = failOn == null ? -1 : values.indexOf(failOn);
                if (poisoned >= 0) {
                    later.completeExceptionally(new ProcessingException(ProcessingException.Stage.FUNCTION,
                            "upper-case refuses '" + failOn + "' at " + events.get(poisoned).position(), null));
                } else {
                    later.complete(emit(events, values, Map.of(COMPLETED_ON, Thread.currentThread().getName())));
                }
            });
            return later;
        }

        private List<Emitted> emit(List<Event> events, List<Object> values, Map<String, String> headers) {
            List<Emitted> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                byte[] key = events.get(i).key();
                String text = ((String) values.get(i)).toUpperCase(Locale.ROOT) + suffix;
                out.add(new Emitted(topic, key == null ? null : new String(key, StandardCharsets.UTF_8),
                        Map.of("text", text), headers));
            }
            return out;
        }

        @Override
        public void close() {
            if (async != null) {
                async.shutdownNow();
            }
            OPEN.get(app).decrementAndGet();
        }
    }
}
