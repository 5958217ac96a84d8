package dev.ferry.materialize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.engine.spi.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Maps one event to a {@link Row}, checking every column's value against its type and size, so that
 * a bad event fails at itself with a reason naming the column. A tombstone is a delete of the row
 * whose key column equals the event's key (whatever the key's field path), or nothing when the table
 * has no key.
 */
final class RowMapper {

    /** Why an event cannot be a row; the message names the column. */
    static final class BadEvent extends Exception {
        private static final long serialVersionUID = 1L;

        BadEvent(String message) {
            super(message);
        }
    }

    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class);

    private final TableSchema schema;
    private final int maxColumnBytes;
    private final int keyIndex;

    RowMapper(TableSchema schema, int maxColumnBytes) {
        this.schema = schema;
        this.maxColumnBytes = maxColumnBytes;
        this.keyIndex = schema.keyColumn().map(schema.columns()::indexOf).orElse(-1);
    }

    /** The columns it maps to. */
    TableSchema schema() {
        return schema;
    }

    /** The row of an event, or null for a tombstone of a table without a key (nothing to do). */
    Row map(Event event) throws BadEvent {
        byte[] value = event.value();
        if (value == null) {
            return tombstone(event);
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new BadEvent("is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadEvent("is not a JSON object, so it has no columns");
        }
        List<Column> columns = schema.columns();
        Object[] cells = new Object[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Column c = columns.get(i);
            cells[i] = c.fromEventKey() ? eventKey(event, c) : convert(c, at(node, c.path()));
        }
        Object key = null;
        if (keyIndex >= 0) {
            key = cells[keyIndex];
            if (key == null) {
                Column k = schema.keyColumn().orElseThrow();
                throw new BadEvent("key column '" + k.name() + "': " + (k.fromEventKey() ? "the event has no key"
                        : "field '" + k.source() + "' is missing or null") + "; every row needs its key");
            }
        }
        return new Row(Row.Op.UPSERT, key, new Row.Cells(columns, cells));
    }

    private Row tombstone(Event event) throws BadEvent {
        Column k = schema.keyColumn().orElse(null);
        if (k == null) {
            return null;
        }
        if (event.key() == null) {
            throw new BadEvent("is a tombstone without a key: key column '" + k.name() + "' has nothing to delete");
        }
        String text = new String(event.key(), StandardCharsets.UTF_8);
        Object key = switch (k.type()) {
            case BIGINT -> {
                try {
                    yield Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new BadEvent("is a tombstone whose key '" + text + "' is not an integer, as key column '"
                            + k.name() + "' is");
                }
            }
            case BOOLEAN -> Boolean.parseBoolean(text.trim());
            default -> text;
        };
        return new Row(Row.Op.DELETE, key, Map.of(k.name(), key));
    }

    private Object eventKey(Event event, Column c) throws BadEvent {
        if (event.key() == null) {
            return null;
        }
        String text = new String(event.key(), StandardCharsets.UTF_8);
        checkSize(c, text);
        return text;
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    private Object convert(Column c, JsonNode v) throws BadEvent {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        switch (c.type()) {
            case TEXT -> {
                if (!v.isTextual()) {
                    throw wrongType(c, v);
                }
                checkSize(c, v.asText());
                return v.asText();
            }
            case BIGINT -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw wrongType(c, v);
                }
                return v.asLong();
            }
            case DOUBLE -> {
                if (!v.isNumber()) {
                    throw wrongType(c, v);
                }
                return v.asDouble();
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw wrongType(c, v);
                }
                return v.asBoolean();
            }
            default -> {
                String text = v.toString();
                checkSize(c, text);
                return text;
            }
        }
    }

    private void checkSize(Column c, String text) throws BadEvent {
        // a UTF-8 character is at most 4 bytes: count only when it could be too large
        if ((long) text.length() * 4 > maxColumnBytes) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxColumnBytes) {
                throw new BadEvent("column '" + c.name() + "' (field " + c.source() + "): " + bytes + " bytes, more "
                        + "than target.max-column-bytes " + maxColumnBytes);
            }
        }
    }

    private static BadEvent wrongType(Column c, JsonNode v) {
        String shown = v.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return new BadEvent("column '" + c.name() + "' (field " + c.source() + "): expected " + c.type().expected()
                + ", got " + kind(v) + " " + shown);
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isArray() ? "an array" : "an object";
    }
}
