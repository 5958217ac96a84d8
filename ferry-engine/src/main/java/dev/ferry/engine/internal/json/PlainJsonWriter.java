package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a value made of maps, lists, strings, numbers, booleans and nulls straight to UTF-8 JSON with
 * the engine mapper's generator: the same bytes as writing the tree {@link JsonTrees} builds (each
 * value is written with the generator call its tree node would make), without building the tree.
 * A value with anything else in it is not written here (null): Jackson converts such parts, and the
 * caller takes the tree path for them.
 */
final class PlainJsonWriter {

    private PlainJsonWriter() {
    }

    /** The JSON of {@code value}, or null if some part of it is not plain JSON data. */
    static byte[] write(Object value) throws IOException {
        BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            boolean plain;
            try (JsonGenerator g = Json.MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
                plain = write(g, value);
            }
            byte[] out = plain ? bytes.toByteArray() : null;
            bytes.release();
            return out;
        } finally {
            recycler.releaseToPool();
        }
    }

    private static boolean write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false;
                }
                g.writeFieldName(key);
                if (!write(g, e.getValue())) {
                    return false;
                }
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                if (!write(g, item)) {
                    return false;
                }
            }
            g.writeEndArray();
        } else {
            return scalar(g, v);
        }
        return true;
    }

    private static boolean scalar(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof Double d && Double.isFinite(d)) {
            g.writeNumber(d.doubleValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else {
            return false; // what JsonTrees leaves to Jackson
        }
        return true;
    }
}
