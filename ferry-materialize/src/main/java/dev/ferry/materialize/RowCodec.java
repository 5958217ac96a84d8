package dev.ferry.materialize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Row} as the function emits it and the sink reads it back: the JSON object
 * {@code {"op": "upsert"|"delete", "key": ..., "row": {column: value, ...}}}. The engine's JSON format
 * writes the emitted map; the sink types each value by its column again.
 */
final class RowCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableSchema schema;

    RowCodec(TableSchema schema) {
        this.schema = schema;
    }

    static Map<String, Object> toValue(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("op", row.op() == Row.Op.DELETE ? "delete" : "upsert");
        out.put("key", row.key());
        out.put("row", row.values());
        return out;
    }

    Row decode(byte[] value) throws IOException {
        JsonNode n = JSON.readTree(value);
        Row.Op op = n.path("op").asText().equals("delete") ? Row.Op.DELETE : Row.Op.UPSERT;
        Map<String, Object> values = new LinkedHashMap<>();
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = n.path("row").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ColumnType type = schema.column(e.getKey()).map(Column::type).orElse(ColumnType.TEXT);
            values.put(e.getKey(), typed(type, e.getValue()));
        }
        Object key = schema.keyColumn().map(k -> typed(k.type(), n.path("key"))).orElse(null);
        return new Row(op, key, values);
    }

    private static Object typed(ColumnType type, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return switch (type) {
            case BIGINT -> v.asLong();
            case DOUBLE -> v.asDouble();
            case BOOLEAN -> v.asBoolean();
            default -> v.asText();
        };
    }
}
