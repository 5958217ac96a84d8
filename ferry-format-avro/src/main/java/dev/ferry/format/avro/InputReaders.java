package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.format.avro.JavaShape.RecordShape;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Chooses the reader for the type a function takes: an author's record type (read in the schema
 * derived from it, resolved from each event's writer schema), or, in each event's writer schema,
 * {@code Map<String, Object>}, {@code String} (JSON text), {@code GenericRecord}, {@code JsonNode} /
 * {@code ObjectNode}; or {@code byte[]}, the bytes as they are.
 */
final class InputReaders {

    static final String SUPPORTED = "a record type of yours, Map<String, Object>, String (the event as JSON "
            + "text), org.apache.avro.generic.GenericRecord, com.fasterxml.jackson.databind.JsonNode or ObjectNode, "
            + "or byte[] (the bytes as they are)";

    private InputReaders() {
    }

    /**
     * The reader of one type.
     *
     * @throws AppDefinitionException if the type cannot be read, listing the types that can
     */
    static InputCodec of(ReaderContext context, KnownSchemas known) {
        Type type = context.type();
        String where = context.app().origin() + ": input format 'avro'";
        if (type == byte[].class) {
            return value -> value;
        }
        if (type == String.class) {
            return new SingleObjectReader(known, null, "JSON text", JsonValues::text);
        }
        if (type == GenericRecord.class || type == IndexedRecord.class || type == GenericData.Record.class) {
            return new SingleObjectReader(known, null, "a GenericRecord", InputReaders::record);
        }
        if (type == JsonNode.class) {
            return new SingleObjectReader(known, null, "JSON", JsonValues::tree);
        }
        if (type == ObjectNode.class) {
            return new SingleObjectReader(known, null, "a JSON object", (datum, schema) -> JsonValues.tree(record(datum, schema), schema));
        }
        if (isStringObjectMap(type)) {
            return new SingleObjectReader(known, null, "Map<String, Object>",
                    (datum, schema) -> PlainValues.of(record(datum, schema), schema));
        }
        Class<?> raw = JavaShapes.rawClass(type);
        if (raw == null || !raw.isRecord()) {
            throw new AppDefinitionException(where + " cannot read input events as " + type.getTypeName()
                    + "; it reads them as " + SUPPORTED);
        }
        RecordShape shape;
        Schema schema;
        try {
            shape = JavaShapes.ofRecord(type);
            schema = SchemaDerivation.of(shape);
        } catch (ShapeException e) {
            throw new AppDefinitionException(where + " cannot read input events as " + type.getTypeName() + ": "
                    + e.getMessage(), e);
        }
        known.add(schema);
        JavaValues.FromDatum values = JavaValues.of(shape);
        return new SingleObjectReader(known, schema, shape.typeName(), (datum, s) -> values.read(datum));
    }

    private static boolean isStringObjectMap(Type type) {
        if (type == Map.class) {
            return true;
        }
        return type instanceof ParameterizedType p && p.getRawType() == Map.class
                && p.getActualTypeArguments()[0] == String.class
                && (p.getActualTypeArguments()[1] == Object.class
                || p.getActualTypeArguments()[1] instanceof java.lang.reflect.WildcardType w
                && w.getUpperBounds().length == 1 && w.getUpperBounds()[0] == Object.class);
    }

    private static Object record(Object datum, Schema schema) throws FormatException {
        if (!(datum instanceof GenericRecord)) {
            throw new FormatException("is an Avro " + Descriptions.of(schema) + ", not a record; read it as String "
                    + "or JsonNode");
        }
        return datum;
    }
}
