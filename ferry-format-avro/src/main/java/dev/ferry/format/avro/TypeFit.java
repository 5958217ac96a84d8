package dev.ferry.format.avro;

import dev.ferry.format.avro.JavaShape.ArrayShape;
import dev.ferry.format.avro.JavaShape.Component;
import dev.ferry.format.avro.JavaShape.EnumShape;
import dev.ferry.format.avro.JavaShape.MapShape;
import dev.ferry.format.avro.JavaShape.OptionalShape;
import dev.ferry.format.avro.JavaShape.RecordShape;
import dev.ferry.format.avro.JavaShape.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Checks, at start-up, that every value of an author's record type can be written with a declared
 * Avro schema document: each component is a field of the document with a type its values convert
 * to (Avro's promotions: int to long, float or double; long to float or double; float to double),
 * each field of the document the type lacks has a default, and no component is missing from the
 * document (schemas are closed). What it cannot know statically (a string that must be a UUID, a
 * byte[] that must have a fixed size) is checked on every event.
 */
final class TypeFit {

    private final List<String> problems = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private TypeFit() {
    }

    /** What does not fit, each as {@code $.path: reason}; empty when the type fits the document. */
    static List<String> problems(RecordShape type, Schema document) {
        TypeFit fit = new TypeFit();
        fit.fit(type, document, "$");
        return fit.problems;
    }

    private static boolean fits(JavaShape shape, Schema schema) {
        return problems(shape, schema).isEmpty();
    }

    private static List<String> problems(JavaShape shape, Schema schema) {
        TypeFit fit = new TypeFit();
        fit.fit(shape, schema, "$");
        return fit.problems;
    }

    private void fit(JavaShape shape, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            fitUnion(shape, schema, path);
        } else if (shape instanceof OptionalShape o) {
            problem(path, "the type's " + o.typeName() + " may be empty, but the schema's " + Descriptions.of(schema)
                    + " does not allow null");
        } else if (shape instanceof RecordShape r) {
            fitRecord(r, schema, path);
        } else if (shape instanceof ArrayShape a) {
            if (expect(schema, Schema.Type.ARRAY, a, path)) {
                fit(a.items(), schema.getElementType(), path + "[*]");
            }
        } else if (shape instanceof MapShape m) {
            if (expect(schema, Schema.Type.MAP, m, path)) {
                fit(m.values(), schema.getValueType(), path + ".*");
            }
        } else if (shape instanceof EnumShape e) {
            fitEnum(e, schema, path);
        } else {
            fitScalar((Scalar) shape, schema, path);
        }
    }

    private void fitUnion(JavaShape shape, Schema union, String path) {
        boolean optional = shape instanceof OptionalShape;
        JavaShape value = optional ? ((OptionalShape) shape).value() : shape;
        List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (optional && branches.size() == union.getTypes().size()) {
            problem(path, "the type's " + shape.typeName() + " may be empty, but the schema's "
                    + Descriptions.of(union) + " has no null");
            return;
        }
        if (branches.size() == 1) {
            fit(value, branches.get(0), path);
        } else if (branches.stream().noneMatch(b -> fits(value, b))) {
            problem(path, "the type's " + value.typeName() + " fits none of the schema's " + Descriptions.of(union));
        }
    }

    private void fitRecord(RecordShape shape, Schema schema, String path) {
        if (!expect(schema, Schema.Type.RECORD, shape, path)) {
            return;
        }
        if (!seen.add(shape.typeName() + " " + schema.getFullName())) {
            return;
        }
        Set<String> components = new HashSet<>();
        for (Component c : shape.components()) {
            components.add(c.name());
            Schema.Field field = schema.getField(c.name());
            if (field == null) {
                problem(path + "." + c.name(), "the type has it (" + c.shape().typeName()
                        + "), but the schema's record " + schema.getFullName() + " has no such field");
            } else {
                fit(c.shape(), field.schema(), path + "." + c.name());
            }
        }
        for (Schema.Field field : schema.getFields()) {
            if (!components.contains(field.name()) && !field.hasDefaultValue()) {
                problem(path + "." + field.name(), "the schema requires it (it has no default), but "
                        + shape.typeName() + " has no such component");
            }
        }
    }

    private void fitEnum(EnumShape shape, Schema schema, String path) {
        if (!expect(schema, Schema.Type.ENUM, shape, path)) {
            return;
        }
        List<String> missing = shape.symbols().stream().filter(s -> !schema.hasEnumSymbol(s)).toList();
        if (!missing.isEmpty()) {
            problem(path, "the type's constants " + String.join(", ", missing) + " are not symbols of the schema's "
                    + Descriptions.of(schema));
        }
    }

    private void fitScalar(Scalar shape, Schema schema, String path) {
        Schema.Type type = schema.getType();
        LogicalType logical = schema.getLogicalType();
        boolean ok = switch (shape.kind()) {
            case BOOLEAN -> type == Schema.Type.BOOLEAN;
            case INT -> isNumber(type) && !(logical instanceof LogicalTypes.Decimal);
            case LONG -> (isNumber(type) && type != Schema.Type.INT);
            case FLOAT -> type == Schema.Type.FLOAT || type == Schema.Type.DOUBLE;
            case DOUBLE -> type == Schema.Type.DOUBLE;
            case STRING, UUID -> type == Schema.Type.STRING;
            case BYTES -> (type == Schema.Type.BYTES || type == Schema.Type.FIXED) && logical == null;
            case INSTANT -> type == Schema.Type.LONG && isTimestamp(logical);
            case LOCAL_DATE -> type == Schema.Type.INT && logical instanceof LogicalTypes.Date;
            case DECIMAL -> (type == Schema.Type.STRING && logical == null)
                    || ((type == Schema.Type.BYTES || type == Schema.Type.FIXED) && logical instanceof LogicalTypes.Decimal);
        };
        if (!ok) {
            problem(path, "the type has " + shape.typeName() + ", which cannot be written as the schema's "
                    + Descriptions.of(schema) + hint(shape));
        }
    }

    private static String hint(Scalar shape) {
        return switch (shape.kind()) {
            case INSTANT -> " (an Instant needs a long with logicalType timestamp-millis, timestamp-micros or "
                    + "timestamp-nanos)";
            case LOCAL_DATE -> " (a LocalDate needs an int with logicalType date)";
            case DECIMAL -> " (a BigDecimal needs a string, or bytes or fixed with logicalType decimal)";
            default -> "";
        };
    }

    private static boolean isNumber(Schema.Type type) {
        return type == Schema.Type.INT || type == Schema.Type.LONG || type == Schema.Type.FLOAT
                || type == Schema.Type.DOUBLE;
    }

    static boolean isTimestamp(LogicalType logical) {
        return logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.TimestampNanos;
    }

    private boolean expect(Schema schema, Schema.Type type, JavaShape shape, String path) {
        if (schema.getType() == type) {
            return true;
        }
        problem(path, "the type has " + shape.typeName() + ", but the schema has " + Descriptions.of(schema));
        return false;
    }

    private void problem(String path, String reason) {
        problems.add(path + ": " + reason);
    }
}
