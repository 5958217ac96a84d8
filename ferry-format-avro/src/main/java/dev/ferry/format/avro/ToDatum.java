package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.apache.avro.Schema;

/** Converts a value to the datum of one schema node, adding violations where it does not fit. */
abstract class ToDatum {
    final Schema schema;
    final String expected;

    ToDatum(Schema schema) {
        this.schema = schema;
        this.expected = "expected " + Descriptions.of(schema);
    }

    /** The datum, or null (with a violation added) if the value does not fit. */
    final Object convert(Object value, Violations v) {
        Object x = value instanceof Optional<?> o ? o.orElse(null) : value;
        if (x == null || x instanceof JsonNode j && (j.isNull() || j.isMissingNode())) {
            return convertNull(v);
        }
        return convertValue(x, v);
    }

    Object convertNull(Violations v) {
        v.add(expected + ", got null");
        return null;
    }

    abstract Object convertValue(Object value, Violations v);

    final Object mismatch(Object value, Violations v) {
        v.add(expected + ", got " + Descriptions.value(value));
        return null;
    }

    final Object mismatch(Object value, String why, Violations v) {
        v.add(expected + ", got " + Descriptions.value(value) + " (" + why + ")");
        return null;
    }
}
