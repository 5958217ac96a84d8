package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * How messages name schemas ({@code long (timestamp-micros)}, {@code record com.acme.Prediction})
 * and values ({@code string "12"}, {@code int 12}, {@code a map}), so that every message reads the same.
 */
final class Descriptions {

    private static final int LONGEST_TEXT = 40;

    private Descriptions() {
    }

    /** A schema as a message names it. */
    static String of(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        String suffix = logical == null ? "" : " (" + logical(logical) + ")";
        return switch (schema.getType()) {
            case RECORD -> "record " + schema.getFullName();
            case ENUM -> "enum " + schema.getFullName() + " (one of " + String.join(", ", schema.getEnumSymbols()) + ")";
            case FIXED -> "fixed " + schema.getFullName() + " of " + schema.getFixedSize() + " bytes" + suffix;
            case UNION -> "one of " + schema.getTypes().stream().map(Descriptions::shortly)
                    .collect(Collectors.joining(", "));
            default -> schema.getType().getName() + suffix;
        };
    }

    /** A schema in a list of union branches: its name only. */
    private static String shortly(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> schema.getType().getName()
                    + (schema.getLogicalType() == null ? "" : " (" + logical(schema.getLogicalType()) + ")");
        };
    }

    private static String logical(LogicalType logical) {
        if (logical instanceof LogicalTypes.Decimal d) {
            return "decimal(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
        return logical.getName();
    }

    /** A value as a message names it: its kind and, for a scalar, the value itself. */
    static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonNode node) {
            return json(node);
        }
        if (value instanceof CharSequence text) {
            return "string " + quoted(text.toString());
        }
        if (value instanceof Integer i) {
            return "int " + i;
        }
        if (value instanceof Long l) {
            return "long " + l;
        }
        if (value instanceof Float || value instanceof Double) {
            return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
        }
        if (value instanceof Boolean b) {
            return "boolean " + b;
        }
        if (value instanceof Enum<?> e) {
            return "enum constant " + e.getDeclaringClass().getName() + "." + e.name();
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return "bytes";
        }
        if (value instanceof GenericEnumSymbol<?> e) {
            return "enum symbol " + e;
        }
        if (value instanceof GenericFixed f) {
            return "fixed " + f.getSchema().getFullName();
        }
        if (value instanceof IndexedRecord r) {
            return "Avro record " + r.getSchema().getFullName();
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return "a list";
        }
        if (value.getClass().isRecord()) {
            return "record " + value.getClass().getName();
        }
        if (value instanceof Number || value.getClass().getName().startsWith("java.")) {
            return value.getClass().getName() + " " + quoted(String.valueOf(value));
        }
        return "a " + value.getClass().getName();
    }

    private static String json(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string " + quoted(node.textValue());
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "boolean " + node.asText();
            case NULL -> "null";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Text in double quotes, cut short if long. */
    static String quoted(String text) {
        String cut = text.length() > LONGEST_TEXT ? text.substring(0, LONGEST_TEXT) + "..." : text;
        return '"' + cut.replace("\"", "\\\"") + '"';
    }
}
