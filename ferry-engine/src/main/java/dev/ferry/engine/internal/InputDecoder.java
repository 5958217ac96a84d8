package dev.ferry.engine.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.api.InputEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * Turns input events' bytes into the elements the function takes, with one prepared reader per app
 * (no per-event type lookups). A failure names the event's position and the reason.
 */
public final class InputDecoder {

    private final FunctionShape shape;
    private final ObjectReader reader;

    /** A decoder for a function of this shape. */
    public InputDecoder(FunctionShape shape) {
        this.shape = shape;
        this.reader = switch (shape.input()) {
            case STRING -> null;
            case MAP -> Json.MAPPER.readerFor(Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            case TREE -> Json.MAPPER.readerFor((Class<?>) shape.elementType());
            case TYPED -> Json.MAPPER.readerFor(Json.MAPPER.getTypeFactory().constructType(shape.elementType()));
        };
    }

    /** Decodes a whole batch, failing on the first event that cannot be decoded. */
    public List<Object> decode(List<InRecord> batch) throws ProcessingException {
        List<Object> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            InRecord r = batch.get(i);
            Object value = decodeValue(r, i);
            out.add(shape.wrapped() ? wrap(r, value) : value);
        }
        return out;
    }

    private Object decodeValue(InRecord r, int index) throws ProcessingException {
        if (r.value() == null) {
            throw new ProcessingException(ProcessingException.Stage.DECODE, index,
                    "event at " + r.position() + " has a null value (a tombstone); Ferry functions take JSON events", null);
        }
        if (shape.input() == FunctionShape.InputKind.STRING) {
            return new String(r.value(), StandardCharsets.UTF_8);
        }
        try {
            return reader.readValue(r.value());
        } catch (IOException e) {
            String what = shape.input() == FunctionShape.InputKind.MAP
                    || shape.elementType() == com.fasterxml.jackson.databind.node.ObjectNode.class ? "a JSON object"
                    : shape.input() == FunctionShape.InputKind.TREE ? "JSON" : shape.elementType().getTypeName();
            throw new ProcessingException(ProcessingException.Stage.DECODE, index,
                    "event at " + r.position() + " cannot be decoded as " + what + ": " + Json.describe(e), e);
        }
    }

    private static InputEvent<Object> wrap(InRecord r, Object value) {
        Map<String, String> headers = r.headers().iterator().hasNext() ? new LinkedHashMap<>() : Map.of();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        return new InputEvent<>(r.topic(), r.partition(), r.offset(), r.timestamp(), key, headers, value);
    }
}
