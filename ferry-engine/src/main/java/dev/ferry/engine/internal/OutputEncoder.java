package dev.ferry.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.ferry.api.OutputEvent;
import dev.ferry.engine.AppSpec;
import dev.ferry.engine.OutputSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what the function returned into validated, encoded output records, or explains which
 * event of which topic is wrong. Nothing is written unless every event of the batch is valid.
 */
public final class OutputEncoder {

    private final AppSpec spec;
    private final OutputValidator validator;

    /** An encoder for one app. */
    public OutputEncoder(AppSpec spec, OutputValidator validator) {
        this.spec = spec;
        this.validator = validator;
        resolveSerializers(spec);
    }

    /**
     * Has Jackson build the serializers of the declared output types now, once: left to the first
     * batch, every call running at once (with {@code concurrency}) would build them side by side.
     */
    private static void resolveSerializers(AppSpec spec) {
        TypeFactory types = Json.MAPPER.getTypeFactory();
        for (OutputSpec o : spec.outputs()) {
            o.type().ifPresent(type -> Json.MAPPER.writerFor(o.payloadType()
                    .map(payload -> types.constructParametricType(type, payload))
                    .orElseGet(() -> types.constructType(type))));
        }
    }

    /** Validates and encodes everything the function returned for one batch. */
    public List<OutRecord> encode(Object returned) throws ProcessingException {
        List<OutRecord> out = new ArrayList<>();
        switch (spec.shape().output()) {
            case NOTHING -> { }
            case LIST -> encodeTopic(spec.outputs().get(0).topic(), returned, out);
            case MAP -> encodeMap(returned, out);
        }
        return out;
    }

    private void encodeMap(Object returned, List<OutRecord> out) throws ProcessingException {
        if (returned == null) {
            return;
        }
        Map<?, ?> byTopic = (Map<?, ?>) returned;
        for (Map.Entry<?, ?> e : byTopic.entrySet()) {
            if (!(e.getKey() instanceof String topic) || spec.output(topic).isEmpty()) {
                throw reject("the function returned events for topic '" + e.getKey()
                        + "', which is not a declared output; declared: "
                        + spec.outputs().stream().map(OutputSpec::topic).collect(Collectors.joining(", ")));
            }
            encodeTopic(topic, e.getValue(), out);
        }
    }

    private void encodeTopic(String topic, Object events, List<OutRecord> out) throws ProcessingException {
        if (events == null) {
            return;
        }
        if (!(events instanceof Collection<?> list)) {
            throw reject("output topic '" + topic + "': expected a List of events, got " + events.getClass().getName());
        }
        int index = 0;
        for (Object event : list) {
            out.add(encodeEvent(topic, index++, event));
        }
    }

    private OutRecord encodeEvent(String topic, int index, Object event) throws ProcessingException {
        String where = "output topic '" + topic + "' event " + index;
        byte[] key = null;
        Map<String, String> headers = Map.of();
        Object value = event;
        if (event instanceof OutputEvent<?> wrapped) {
            value = wrapped.value();
            key = wrapped.key() == null ? null : wrapped.key().getBytes(StandardCharsets.UTF_8);
            headers = wrapped.headers();
        }
        if (value == null) {
            throw reject(where + ": is null; emit an event or leave it out");
        }
        JsonNode tree = toTree(where, value);
        List<String> violations;
        try {
            violations = validator.violations(topic, tree);
        } catch (RuntimeException e) {
            throw reject(where + ": cannot be validated: " + e);
        }
        if (!violations.isEmpty()) {
            throw reject(where + ": " + String.join("; ", violations));
        }
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : write(where, tree);
        return new OutRecord(topic, index, key, bytes, headers);
    }

    private JsonNode toTree(String where, Object value) throws ProcessingException {
        try {
            if (value instanceof String s) {
                JsonNode node = Json.MAPPER.readTree(s);
                if (node == null || node.isMissingNode()) {
                    throw reject(where + ": is not valid JSON: it is empty");
                }
                return node;
            }
            if (value instanceof JsonNode n) {
                return n;
            }
            return JsonTrees.of(value);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw reject(where + ": is not " + (value instanceof String ? "valid JSON" : "convertible to JSON") + ": "
                    + Json.describe(e));
        }
    }

    private byte[] write(String where, JsonNode tree) throws ProcessingException {
        try {
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw reject(where + ": cannot be written as JSON: " + Json.describe(e));
        }
    }

    private ProcessingException reject(String message) {
        return new ProcessingException(ProcessingException.Stage.OUTPUT, "app '" + spec.name() + "': " + message, null);
    }
}
