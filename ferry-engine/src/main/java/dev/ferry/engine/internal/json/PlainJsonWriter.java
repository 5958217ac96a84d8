package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
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
 *
 * <p>Each thread keeps one generator and its buffer and writes event after event with it (as root
 * values with no separator), so that an event costs its output array and nothing else (a generator
 * made per event allocates its context and takes buffers from Jackson's pool every time). A generator left in the middle of a value (a part
 * that is not plain, an error) is dropped, and the thread's next event gets a new one.
 */
final class PlainJsonWriter {

    /** Above this, the buffer an event grew is not kept for the next. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private static final ThreadLocal<Output> OUTPUT = new ThreadLocal<>();

    private PlainJsonWriter() {
    }

    /** A thread's generator, writing into its buffer. */
    private static final class Output {
        final ByteArrayBuilder bytes = new ByteArrayBuilder();
        final JsonGenerator generator;

        Output() throws IOException {
            generator = Json.MAPPER.createGenerator(bytes, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null);
        }
    }

    /** The JSON of {@code value}, or null if some part of it is not plain JSON data. */
    static byte[] write(Object value) throws IOException {
        Output out = OUTPUT.get();
        if (out == null) {
            out = new Output();
            OUTPUT.set(out);
        }
        boolean plain = false;
        try {
            plain = write(out.generator, value);
            if (!plain) {
                return null;
            }
            out.generator.flush();
            byte[] json = out.bytes.toByteArray();
            out.bytes.reset();
            if (json.length > KEPT_BUFFER_BYTES) {
                plain = false; // let the large buffer go
            }
            return json;
        } finally {
            if (!plain) {
                OUTPUT.remove();
            }
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
