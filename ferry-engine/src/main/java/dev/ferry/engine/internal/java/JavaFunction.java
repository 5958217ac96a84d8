package dev.ferry.engine.internal.java;

import dev.ferry.api.InputEvent;
import dev.ferry.api.OutputEvent;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.ProcessingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One consumer's call of a Java method: wraps values in {@link InputEvent} when the method takes
 * them, calls it, and turns what it returned (nothing, a list for the single output, a map of topic
 * to list; or a future of one of those) into emitted events, unwrapping {@link OutputEvent}s and
 * resolving the input event each says it was made {@linkplain OutputEvent#from from} to its index.
 */
final class JavaFunction implements AppFunction {

    private final AppDescriptor app;
    private final Method method;
    private final Object target;
    private final FunctionShape shape;
    private final String singleTopic;

    JavaFunction(AppDescriptor app, Method method, Object target, FunctionShape shape) {
        this.app = app;
        this.method = method;
        this.target = target;
        this.shape = shape;
        this.singleTopic = app.outputs().size() == 1 ? app.outputs().get(0).topic() : null;
    }

    @Override
    public Type inputType() {
        return shape.elementType();
    }

    @Override
    public CompletionStage<List<Emitted>> apply(List<Event> events, List<Object> values) throws ProcessingException {
        Object returned = call(shape.wrapped() ? wrap(events, values) : values);
        if (!shape.async()) {
            return CompletableFuture.completedFuture(emitted(events, returned));
        }
        CompletableFuture<List<Emitted>> out = new CompletableFuture<>();
        future(returned).whenComplete((value, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                out.completeExceptionally(new ProcessingException(ProcessingException.Stage.FUNCTION,
                        "the function's future failed with " + cause, cause));
                return;
            }
            try {
                out.complete(emitted(events, value));
            } catch (ProcessingException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    private Object call(List<?> argument) throws ProcessingException {
        try {
            return method.invoke(target, argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function threw " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function cannot be called: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> future(Object returned) throws ProcessingException {
        if (returned == null) {
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function returned null instead of a "
                    + "CompletableFuture; return CompletableFuture.completedFuture(...) for a result at hand", null);
        }
        return (CompletionStage<Object>) returned;
    }

    private static List<InputEvent<Object>> wrap(List<Event> events, List<Object> values) {
        List<InputEvent<Object>> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            List<Event.Header> headers = e.headers();
            Map<String, String> map = headers.isEmpty() ? Map.of() : new LinkedHashMap<>();
            for (Event.Header h : headers) {
                map.put(h.name(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            String key = e.key() == null ? null : new String(e.key(), StandardCharsets.UTF_8);
            out.add(new InputEvent<>(e.topic(), e.partition(), e.offset(), e.timestamp(), key, map, values.get(i)));
        }
        return out;
    }

    private List<Emitted> emitted(List<Event> inputs, Object returned) throws ProcessingException {
        return switch (shape.output()) {
            case NOTHING -> List.of();
            case LIST -> {
                List<Emitted> out = new ArrayList<>();
                addTopic(singleTopic, returned, inputs, out);
                yield out;
            }
            case MAP -> {
                List<Emitted> out = new ArrayList<>();
                if (returned != null) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) returned).entrySet()) {
                        addTopic(String.valueOf(e.getKey()), e.getValue(), inputs, out);
                    }
                }
                yield out;
            }
        };
    }

    private void addTopic(String topic, Object events, List<Event> inputs, List<Emitted> out)
            throws ProcessingException {
        if (events == null) {
            return;
        }
        if (!(events instanceof Collection<?> list)) {
            throw new ProcessingException(ProcessingException.Stage.OUTPUT, "app '" + app.name() + "': output topic '"
                    + topic + "': expected a List of events, got " + events.getClass().getName(), null);
        }
        int hint = 0;
        for (Object event : list) {
            if (event instanceof OutputEvent<?> wrapped) {
                int input = Emitted.UNKNOWN;
                if (wrapped.source() != null) {
                    input = indexOf(wrapped.source(), inputs, hint, topic);
                    hint = input;
                }
                out.add(new Emitted(topic, wrapped.key(), wrapped.value(), wrapped.headers(), input));
            } else {
                out.add(new Emitted(topic, null, event, Map.of()));
            }
        }
    }

    /**
     * The index among the call's events of the one an output says it was made from. Outputs mostly
     * follow their inputs' order, so the search starts where the last one was found.
     */
    private int indexOf(InputEvent<?> source, List<Event> inputs, int hint, String topic) throws ProcessingException {
        int n = inputs.size();
        for (int k = 0; k < n; k++) {
            int i = (hint + k) % n;
            Event e = inputs.get(i);
            if (e.offset() == source.offset() && e.partition() == source.partition() && e.topic().equals(source.topic())) {
                return i;
            }
        }
        throw new ProcessingException(ProcessingException.Stage.OUTPUT, "app '" + app.name() + "': output topic '"
                + topic + "': an event is made from(...) the input event at topic '" + source.topic() + "' partition "
                + source.partition() + " offset " + source.offset() + ", which is not one of the " + n + " event(s) "
                + "this call was given; pass one of the function's own InputEvents", null);
    }
}
