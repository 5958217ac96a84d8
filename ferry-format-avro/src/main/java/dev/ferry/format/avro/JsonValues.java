package dev.ferry.format.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.spi.FormatException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns a generic datum into plain JSON, the same JSON that the writers take as text: unions
 * unwrapped (not Avro's {@code {"string": "x"}}), bytes and fixed as base64, enum symbols as
 * strings, timestamps and dates as ISO-8601 text, decimals as exact JSON numbers.
 */
final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** The JSON tree of a datum of {@code schema}. */
    static JsonNode tree(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord r = (IndexedRecord) datum;
                ObjectNode out = NODES.objectNode();
                for (Schema.Field f : schema.getFields()) {
                    out.set(f.name(), tree(r.get(f.pos()), f.schema()));
                }
                yield out;
            }
            case ARRAY -> {
                ArrayNode out = NODES.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    out.add(tree(item, schema.getElementType()));
                }
                yield out;
            }
            case MAP -> {
                ObjectNode out = NODES.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> out.set(k.toString(), tree(v, schema.getValueType())));
                yield out;
            }
            case UNION -> tree(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ENUM, STRING -> NODES.textNode(datum.toString());
            case BYTES, FIXED -> logical instanceof LogicalTypes.Decimal d
                    ? NODES.numberNode(PlainValues.decimal(datum, schema, d))
                    : NODES.textNode(Base64.getEncoder().encodeToString(datum instanceof GenericFixed f ? f.bytes()
                    : PlainValues.bytes((ByteBuffer) datum)));
            case INT -> logical instanceof LogicalTypes.Date
                    ? NODES.textNode(LocalDate.ofEpochDay((Integer) datum).toString())
                    : NODES.numberNode((Integer) datum);
            case LONG -> TypeFit.isTimestamp(logical)
                    ? NODES.textNode(PlainValues.instant((Long) datum, logical).toString())
                    : NODES.numberNode((Long) datum);
            case FLOAT -> NODES.numberNode((Float) datum);
            case DOUBLE -> NODES.numberNode((Double) datum);
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case NULL -> NODES.nullNode();
        };
    }

    /** The JSON text of a datum of {@code schema}. */
    static String text(Object datum, Schema schema) throws FormatException {
        try {
            return JsonText.MAPPER.writeValueAsString(tree(datum, schema));
        } catch (JsonProcessingException e) {
            throw new FormatException("cannot be written as JSON: " + JsonText.describe(e), e);
        }
    }
}
