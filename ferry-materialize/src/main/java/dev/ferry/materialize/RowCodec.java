package dev.ferry.materialize;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Row} as the function emits it and the sink reads it back, in a compact typed binary form:
 * the op, the key, then each column's name and value, every value tagged with its type (null,
 * {@code Long}, {@code Double}, {@code Boolean}, {@code String}). The mapper has typed and checked
 * every value already, so the rows between function and sink need no JSON text and no second
 * check: writing and reading JSON (and checking it against a schema) was about 40% of a Redis
 * materializer's worker CPU.
 */
final class RowCodec {

    private static final byte UPSERT = 0;
    private static final byte DELETE = 1;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOLEAN = 3;
    private static final byte STRING = 4;

    private RowCodec() {
    }

    /** The row's bytes. */
    static byte[] encode(Row row) {
        int n = row.values().size();
        byte[][] names = new byte[n][];
        byte[][] texts = new byte[n + 1][];
        int size = 1 + valueSize(row.key(), texts, n) + 4;
        int i = 0;
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            size += 4 + names[i].length + valueSize(e.getValue(), texts, i);
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(row.op() == Row.Op.DELETE ? DELETE : UPSERT);
        putValue(out, row.key(), texts[n]);
        out.putInt(n);
        i = 0;
        for (Object v : row.values().values()) {
            out.putInt(names[i].length).put(names[i]);
            putValue(out, v, texts[i]);
            i++;
        }
        return out.array();
    }

    /**
     * The row {@link #encode} wrote.
     *
     * @throws IOException if the bytes are not a row
     */
    static Row decode(byte[] value) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            byte op = in.get();
            if (op != UPSERT && op != DELETE) {
                throw new IOException("not a materialized row: op " + op);
            }
            Object key = readValue(in);
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new IOException("not a materialized row: " + n + " columns");
            }
            Map<String, Object> values = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                values.put(readString(in), readValue(in));
            }
            return new Row(op == DELETE ? Row.Op.DELETE : Row.Op.UPSERT, key, values);
        } catch (BufferUnderflowException e) {
            throw new IOException("not a materialized row: it ends too soon", e);
        }
    }

    /** The bytes {@code v} takes; a text's UTF-8 bytes are kept in {@code texts[i]}. */
    private static int valueSize(Object v, byte[][] texts, int i) {
        if (v == null) {
            return 1;
        } else if (v instanceof Long || v instanceof Double) {
            return 9;
        } else if (v instanceof Boolean) {
            return 2;
        } else if (v instanceof String s) {
            texts[i] = s.getBytes(StandardCharsets.UTF_8);
            return 5 + texts[i].length;
        }
        throw new IllegalArgumentException("a row value is a String, Long, Double, Boolean or null, not "
                + v.getClass().getName());
    }

    private static void putValue(ByteBuffer out, Object v, byte[] text) {
        if (v == null) {
            out.put(NULL);
        } else if (v instanceof Long l) {
            out.put(LONG).putLong(l);
        } else if (v instanceof Double d) {
            out.put(DOUBLE).putDouble(d);
        } else if (v instanceof Boolean b) {
            out.put(BOOLEAN).put((byte) (b ? 1 : 0));
        } else {
            out.put(STRING).putInt(text.length).put(text);
        }
    }

    private static Object readValue(ByteBuffer in) throws IOException {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.getLong();
            case DOUBLE -> in.getDouble();
            case BOOLEAN -> in.get() != 0;
            case STRING -> readString(in);
            default -> throw new IOException("not a materialized row: value tag " + tag);
        };
    }

    private static String readString(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("not a materialized row: a text of " + n + " bytes");
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
