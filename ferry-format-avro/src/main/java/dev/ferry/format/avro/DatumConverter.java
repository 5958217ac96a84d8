package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.spi.FormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns what a function emitted into the generic datum of one Avro schema, checking it on the way:
 * every violation is collected with its path ({@code $.payload.client: expected int, got string
 * "12"}), not only the first. Compiled once per schema into a tree of converters, one per schema
 * node, so the hot path does no schema lookups; thread-safe, since the tree is immutable once built
 * (its per-class caches are concurrent maps).
 *
 * <p>What it accepts for a record: an Avro {@link IndexedRecord} (a {@code GenericRecord} or
 * {@code SpecificRecord}), a {@code Map} with string keys, a Jackson object node (JSON text is parsed
 * into one first), or any Java record or bean, all matched to the schema's fields by name. A name
 * the schema lacks is a violation (schemas are closed); a field the value lacks takes the field's
 * default, or is a violation if it has none. Scalars convert as Avro promotes them (an int to a long,
 * a long to a double, ...), logical types from their Java types ({@code Instant}, {@code LocalDate},
 * {@code UUID}, {@code BigDecimal}) or their underlying value, and in JSON from their text
 * (ISO-8601, a UUID, a decimal number); bytes in JSON are base64. A union takes null if it has the
 * null branch, else its first branch that takes the value without a violation.
 */
final class DatumConverter {

    private final Schema schema;
    private final ToDatum root;

    private DatumConverter(Schema schema) {
        this.schema = schema;
        this.root = new Compiler().compile(schema);
    }

    /** The converter of a schema, compiled now. */
    static DatumConverter of(Schema schema) {
        return new DatumConverter(schema);
    }

    /** The schema it converts to. */
    Schema schema() {
        return schema;
    }

    /**
     * The datum of one emitted value.
     *
     * @throws FormatException listing every violation as {@code $.path: reason}, joined by {@code "; "}
     */
    Object toDatum(Object value) throws FormatException {
        Object input = value;
        if (value instanceof String text && schema.getType() != Schema.Type.STRING) {
            input = parseJson(text);
        }
        Violations violations = new Violations();
        Object datum = root.convert(input, violations);
        if (!violations.isEmpty()) {
            throw new FormatException(violations.message());
        }
        return datum;
    }

    private static JsonNode parseJson(String text) throws FormatException {
        try {
            JsonNode node = JsonText.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new FormatException("is not valid JSON: it is empty");
            }
            return node;
        } catch (IOException e) {
            throw new FormatException("is not valid JSON: " + JsonText.describe(e), e);
        }
    }

    /** Builds the tree, sharing one converter per named record so that recursive schemas end. */
    private static final class Compiler {
        private final Map<Schema, ToRecord> records = new IdentityHashMap<>();

        ToDatum compile(Schema s) {
            return switch (s.getType()) {
                case RECORD -> record(s);
                case ENUM -> new ScalarDatums.ToEnum(s);
                case ARRAY -> new ContainerDatums.ToArray(s, compile(s.getElementType()));
                case MAP -> new ContainerDatums.ToMap(s, compile(s.getValueType()));
                case UNION -> union(s);
                case FIXED -> new ScalarDatums.ToFixed(s);
                case STRING -> new ScalarDatums.ToString(s);
                case BYTES -> new ScalarDatums.ToBytes(s);
                case INT -> new ScalarDatums.ToInt(s);
                case LONG -> new ScalarDatums.ToLong(s);
                case FLOAT -> new ScalarDatums.ToFloat(s);
                case DOUBLE -> new ScalarDatums.ToDouble(s);
                case BOOLEAN -> new ScalarDatums.ToBoolean(s);
                case NULL -> new ScalarDatums.ToNull(s);
            };
        }

        private ToDatum record(Schema s) {
            ToRecord known = records.get(s);
            if (known != null) {
                return known;
            }
            ToRecord r = new ToRecord(s);
            records.put(s, r);
            ToDatum[] fields = new ToDatum[s.getFields().size()];
            for (Schema.Field f : s.getFields()) {
                fields[f.pos()] = compile(f.schema());
            }
            r.complete(fields);
            return r;
        }

        private ToDatum union(Schema s) {
            List<ToDatum> branches = new ArrayList<>();
            boolean nullable = false;
            for (Schema branch : s.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    nullable = true;
                } else {
                    branches.add(compile(branch));
                }
            }
            return new ContainerDatums.ToUnion(s, nullable, branches.toArray(new ToDatum[0]));
        }
    }
}
