package dev.ferry.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.ProcessingException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One consumer's Python function: each batch's events, as text, go to its worker process, and what
 * the function returned ({@code {topic: [event, ...]}}) comes back as emitted events, which the
 * engine validates against the app's schemas like any other. A Python exception is a
 * {@code FUNCTION} failure carrying the traceback; a returned value of the wrong shape an
 * {@code OUTPUT} failure; a worker that dies, hangs or breaks the protocol a {@code FUNCTION}
 * failure after which the next batch gets a new worker.
 */
final class PythonFunction implements AppFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String app;
    private final Path file;
    private final PythonSettings settings;
    private WorkerProcess worker;

    PythonFunction(String app, Path file, PythonSettings settings, WorkerProcess first) {
        this.app = app;
        this.file = file;
        this.settings = settings;
        this.worker = first;
    }

    @Override
    public Type inputType() {
        return String.class;
    }

    @Override
    public CompletionStage<List<Emitted>> apply(List<Event> events, List<Object> values) throws ProcessingException {
        List<String> messages = new ArrayList<>(values.size());
        List<String> keys = new ArrayList<>(events.size());
        for (int i = 0; i < values.size(); i++) {
            messages.add((String) values.get(i));
            byte[] key = events.get(i).key();
            keys.add(key == null ? null : new String(key, StandardCharsets.UTF_8));
        }
        WorkerProcess w = liveWorker();
        return w.call(messages, keys).handle((frame, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new CompletionException(new ProcessingException(ProcessingException.Stage.FUNCTION,
                        "app '" + app + "': " + cause.getMessage(), null));
            }
            try {
                return emitted(frame);
            } catch (ProcessingException e) {
                throw new CompletionException(e);
            }
        });
    }

    private synchronized WorkerProcess liveWorker() throws ProcessingException {
        if (worker == null || !worker.alive()) {
            if (worker != null) {
                worker.close();
            }
            worker = null;
            try {
                worker = WorkerProcess.start(app, file, settings);
            } catch (WorkerException e) {
                throw new ProcessingException(ProcessingException.Stage.FUNCTION, "app '" + app + "': "
                        + e.getMessage(), e);
            }
        }
        return worker;
    }

    private List<Emitted> emitted(JsonNode frame) throws ProcessingException {
        if (frame.path("type").asText().equals("error")) {
            String kind = frame.path("kind").asText();
            String traceback = frame.path("traceback").asText().strip();
            if (kind.equals("output")) {
                throw new ProcessingException(ProcessingException.Stage.OUTPUT, frame.path("error").asText(), null);
            }
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "app '" + app + "': the Python function "
                    + "raised " + frame.path("error").asText() + (traceback.isEmpty() ? "" : "\n" + traceback), null);
        }
        JsonNode outputs = frame.path("outputs");
        if (!outputs.isObject()) {
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "app '" + app + "': the Python worker "
                    + "answered a result without outputs", null);
        }
        List<Emitted> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = it.next();
            for (JsonNode event : topic.getValue()) {
                out.add(new Emitted(topic.getKey(), null, value(event), Map.of()));
            }
        }
        return out;
    }

    /** A JSON event as the engine's formats take it: a standard envelope as one, so its empty metadata gets filled. */
    private static Object value(JsonNode event) {
        if (event.isObject() && event.size() == 2 && event.has("payload") && isMetadata(event.get("metadata"))) {
            JsonNode m = event.get("metadata");
            return new Envelope<>(new Metadata(m.get("timestamp").asText(), m.get("id").asText(),
                    m.get("version").asText()), JSON.convertValue(event.get("payload"), Object.class));
        }
        return JSON.convertValue(event, Object.class);
    }

    private static boolean isMetadata(JsonNode m) {
        return m != null && m.isObject() && m.size() == 3 && m.path("timestamp").isTextual() && m.path("id").isTextual()
                && m.path("version").isTextual();
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

}
