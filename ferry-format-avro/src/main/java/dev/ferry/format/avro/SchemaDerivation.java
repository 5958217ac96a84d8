package dev.ferry.format.avro;

import dev.ferry.format.avro.JavaShape.ArrayShape;
import dev.ferry.format.avro.JavaShape.Component;
import dev.ferry.format.avro.JavaShape.EnumShape;
import dev.ferry.format.avro.JavaShape.MapShape;
import dev.ferry.format.avro.JavaShape.OptionalShape;
import dev.ferry.format.avro.JavaShape.RecordShape;
import dev.ferry.format.avro.JavaShape.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Derives the Avro schema of a Java record from its {@link JavaShape}: a record per Java record
 * (named by its simple name, in its package's namespace), fields in component order, every field
 * required (a non-union type) except an {@code Optional}'s, which is a union of null and the value
 * with default null. The README's mapping table is this class.
 */
final class SchemaDerivation {

    private final Map<RecordShape, Schema> records = new IdentityHashMap<>();
    private final Map<Class<?>, Schema> enums = new HashMap<>();
    private final Map<String, String> javaTypeByAvroName = new HashMap<>();

    private SchemaDerivation() {
    }

    /**
     * The schema of a record shape.
     *
     * @throws ShapeException if two different Java types would have the same Avro name in it
     */
    static Schema of(RecordShape shape) {
        return new SchemaDerivation().schema(shape);
    }

    private Schema schema(JavaShape shape) {
        if (shape instanceof Scalar s) {
            return scalar(s);
        }
        if (shape instanceof EnumShape e) {
            return enums.computeIfAbsent(e.type(), type -> {
                claimName(type.getSimpleName(), type.getPackageName(), e.typeName());
                return Schema.createEnum(type.getSimpleName(), null, type.getPackageName(), e.symbols());
            });
        }
        if (shape instanceof ArrayShape a) {
            return Schema.createArray(schema(a.items()));
        }
        if (shape instanceof MapShape m) {
            return Schema.createMap(schema(m.values()));
        }
        if (shape instanceof OptionalShape o) {
            return Schema.createUnion(Schema.create(Schema.Type.NULL), schema(o.value()));
        }
        return record((RecordShape) shape);
    }

    private Schema record(RecordShape shape) {
        Schema known = records.get(shape);
        if (known != null) {
            return known;
        }
        claimName(shape.avroName(), shape.avroNamespace(), shape.typeName());
        Schema record = Schema.createRecord(shape.avroName(), null, shape.avroNamespace(), false);
        records.put(shape, record);
        List<Schema.Field> fields = new ArrayList<>();
        for (Component c : shape.components()) {
            Object defaultValue = c.shape() instanceof OptionalShape ? JsonProperties.NULL_VALUE : null;
            fields.add(new Schema.Field(c.name(), schema(c.shape()), null, defaultValue));
        }
        record.setFields(fields);
        return record;
    }

    private void claimName(String name, String namespace, String javaType) {
        String full = namespace.isEmpty() ? name : namespace + "." + name;
        String other = javaTypeByAvroName.putIfAbsent(full, javaType);
        if (other != null && !other.equals(javaType)) {
            throw new ShapeException(other + " and " + javaType + " would both be the Avro type " + full
                    + "; Avro names must be unique within a schema: rename one of them");
        }
    }

    private static Schema scalar(Scalar s) {
        return switch (s.kind()) {
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case INT -> Schema.create(Schema.Type.INT);
            case LONG -> Schema.create(Schema.Type.LONG);
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case STRING, DECIMAL -> Schema.create(Schema.Type.STRING);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case INSTANT -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case LOCAL_DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case UUID -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
        };
    }
}
