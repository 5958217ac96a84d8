package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.spi.FormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
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
            LogicalType logical = s.getLogicalType();
            return switch (s.getType()) {
                case RECORD -> record(s);
                case ENUM -> new ToEnum(s);
                case ARRAY -> new ToArray(s, compile(s.getElementType()));
                case MAP -> new ToMap(s, compile(s.getValueType()));
                case UNION -> union(s);
                case FIXED -> new ToFixed(s);
                case STRING -> new ToString(s);
                case BYTES -> new ToBytes(s);
                case INT -> new ToInt(s);
                case LONG -> new ToLong(s);
                case FLOAT -> new ToFloat(s);
                case DOUBLE -> new ToDouble(s);
                case BOOLEAN -> new ToBoolean(s);
                case NULL -> new ToNull(s);
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
            r.fields = fields;
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
            return new ToUnion(s, nullable, branches.toArray(new ToDatum[0]));
        }
    }

    /** Converts a value to the datum of one schema node, adding violations where it does not fit. */
    private abstract static class ToDatum {
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

    private static final class ToNull extends ToDatum {
        ToNull(Schema s) {
            super(s);
        }

        @Override
        Object convertNull(Violations v) {
            return null;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            return mismatch(value, v);
        }
    }

    private static final class ToBoolean extends ToDatum {
        ToBoolean(Schema s) {
            super(s);
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof JsonNode j && j.isBoolean()) {
                return j.booleanValue();
            }
            return mismatch(value, v);
        }
    }

    /** A whole number as a long, or null if the value is not one (or does not fit a long). */
    private static Long integral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < Long.SIZE) {
            return b.longValue();
        }
        if (value instanceof JsonNode j && j.isIntegralNumber() && j.canConvertToLong()) {
            return j.longValue();
        }
        return null;
    }

    /** Text from a Java string or a JSON string, or null. */
    private static String text(Object value) {
        if (value instanceof CharSequence c) {
            return c.toString();
        }
        if (value instanceof JsonNode j && j.isTextual()) {
            return j.textValue();
        }
        return null;
    }

    private static final class ToInt extends ToDatum {
        private final boolean date;

        ToInt(Schema s) {
            super(s);
            this.date = s.getLogicalType() instanceof LogicalTypes.Date;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            Long n = integral(value);
            if (n != null) {
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    return mismatch(value, "out of int's range", v);
                }
                return n.intValue();
            }
            if (date && value instanceof LocalDate d) {
                return days(d, value, v);
            }
            String text = date ? text(value) : null;
            if (text != null) {
                try {
                    return days(LocalDate.parse(text), value, v);
                } catch (DateTimeException e) {
                    return mismatch(value, "not an ISO-8601 date such as 2026-11-25", v);
                }
            }
            return mismatch(value, v);
        }

        private Object days(LocalDate d, Object value, Violations v) {
            long days = d.toEpochDay();
            return days < Integer.MIN_VALUE || days > Integer.MAX_VALUE ? mismatch(value, "out of range", v) : (int) days;
        }
    }

    private static final class ToLong extends ToDatum {
        private final ChronoUnit unit;

        ToLong(Schema s) {
            super(s);
            LogicalType logical = s.getLogicalType();
            this.unit = logical instanceof LogicalTypes.TimestampMillis ? ChronoUnit.MILLIS
                    : logical instanceof LogicalTypes.TimestampMicros ? ChronoUnit.MICROS
                    : logical instanceof LogicalTypes.TimestampNanos ? ChronoUnit.NANOS : null;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            Long n = integral(value);
            if (n != null) {
                return n;
            }
            if (unit != null && value instanceof Instant i) {
                return since(i, value, v);
            }
            String text = unit != null ? text(value) : null;
            if (text != null) {
                try {
                    return since(Instant.parse(text), value, v);
                } catch (DateTimeException e) {
                    return mismatch(value, "not an ISO-8601 instant such as 2026-11-25T09:30:00Z", v);
                }
            }
            return mismatch(value, v);
        }

        private Object since(Instant instant, Object value, Violations v) {
            try {
                return unit.between(Instant.EPOCH, instant);
            } catch (ArithmeticException e) {
                return mismatch(value, "out of range", v);
            }
        }
    }

    private static final class ToFloat extends ToDatum {
        ToFloat(Schema s) {
            super(s);
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof Number n) {
                return n.floatValue();
            }
            if (value instanceof JsonNode j && j.isNumber()) {
                return j.floatValue();
            }
            return mismatch(value, v);
        }
    }

    private static final class ToDouble extends ToDatum {
        ToDouble(Schema s) {
            super(s);
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value instanceof JsonNode j && j.isNumber()) {
                return j.doubleValue();
            }
            return mismatch(value, v);
        }
    }

    private static final class ToString extends ToDatum {
        private static final Pattern CANONICAL_UUID =
                Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        private final boolean uuid;

        ToString(Schema s) {
            super(s);
            this.uuid = s.getLogicalType() != null && "uuid".equals(s.getLogicalType().getName());
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof UUID id) {
                return id.toString();
            }
            if (value instanceof BigDecimal d && !uuid) {
                return d.toPlainString();
            }
            Object text = value instanceof CharSequence ? value : text(value);
            if (text == null) {
                return mismatch(value, v);
            }
            if (uuid && !CANONICAL_UUID.matcher((CharSequence) text).matches()) {
                return mismatch(value, "not a UUID such as 123e4567-e89b-12d3-a456-426614174000", v);
            }
            return text;
        }
    }

    /** The bytes of a Java or JSON value, or null: byte[], a ByteBuffer, base64 text in JSON. */
    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer b) {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            return copy;
        }
        if (value instanceof JsonNode j && j.isBinary()) {
            try {
                return j.binaryValue();
            } catch (IOException e) {
                return null;
            }
        }
        if (value instanceof JsonNode j && j.isTextual()) {
            try {
                return Base64.getDecoder().decode(j.textValue());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** A decimal from a Java number, JSON number or text, or null. */
    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        Long n = integral(value);
        if (n != null) {
            return BigDecimal.valueOf(n);
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof JsonNode j && j.isNumber()) {
            return j.decimalValue();
        }
        String text = text(value);
        if (text != null) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Fits a decimal to a decimal logical type's scale and precision, or says why it does not. */
    private static Object scaled(BigDecimal d, LogicalTypes.Decimal type, ToDatum node, Object value, Violations v) {
        BigDecimal scaled;
        try {
            scaled = d.setScale(type.getScale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return node.mismatch(value, "more than " + type.getScale() + " decimal places", v);
        }
        if (scaled.precision() > type.getPrecision()) {
            return node.mismatch(value, "more than " + type.getPrecision() + " digits", v);
        }
        return scaled;
    }

    private static final class ToBytes extends ToDatum {
        private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();
        private final LogicalTypes.Decimal decimal;

        ToBytes(Schema s) {
            super(s);
            this.decimal = s.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (decimal != null && !(value instanceof ByteBuffer)) {
                BigDecimal d = decimal(value);
                if (d == null) {
                    return mismatch(value, v);
                }
                Object scaled = scaled(d, decimal, this, value, v);
                return scaled == null ? null : DECIMALS.toBytes((BigDecimal) scaled, schema, decimal);
            }
            byte[] b = bytes(value);
            if (b == null) {
                return mismatch(value, value instanceof JsonNode ? "bytes in JSON are base64 text" : "not byte[]", v);
            }
            return ByteBuffer.wrap(b);
        }
    }

    private static final class ToFixed extends ToDatum {
        private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();
        private final LogicalTypes.Decimal decimal;

        ToFixed(Schema s) {
            super(s);
            this.decimal = s.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (decimal != null && !(value instanceof GenericFixed) && !(value instanceof byte[])) {
                BigDecimal d = decimal(value);
                if (d == null) {
                    return mismatch(value, v);
                }
                Object scaled = scaled(d, decimal, this, value, v);
                return scaled == null ? null : DECIMALS.toFixed((BigDecimal) scaled, schema, decimal);
            }
            byte[] b = value instanceof GenericFixed f ? f.bytes() : bytes(value);
            if (b == null) {
                return mismatch(value, v);
            }
            if (b.length != schema.getFixedSize()) {
                return mismatch(value, b.length + " bytes", v);
            }
            return new GenericData.Fixed(schema, b);
        }
    }

    private static final class ToEnum extends ToDatum {
        private final Map<String, GenericEnumSymbol<?>> symbols = new HashMap<>();

        ToEnum(Schema s) {
            super(s);
            for (String symbol : s.getEnumSymbols()) {
                symbols.put(symbol, new GenericData.EnumSymbol(s, symbol));
            }
        }

        @Override
        Object convertValue(Object value, Violations v) {
            String name = value instanceof Enum<?> e ? e.name()
                    : value instanceof GenericEnumSymbol<?> g ? g.toString() : text(value);
            GenericEnumSymbol<?> symbol = name == null ? null : symbols.get(name);
            return symbol != null ? symbol : mismatch(value, v);
        }
    }

    private static final class ToArray extends ToDatum {
        private final ToDatum items;

        ToArray(Schema s, ToDatum items) {
            super(s);
            this.items = items;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            Iterator<?> it;
            int size;
            if (value instanceof Collection<?> c) {
                it = c.iterator();
                size = c.size();
            } else if (value instanceof Object[] a) {
                it = java.util.Arrays.asList(a).iterator();
                size = a.length;
            } else if (value instanceof JsonNode j && j.isArray()) {
                it = j.elements();
                size = j.size();
            } else {
                return mismatch(value, v);
            }
            List<Object> out = new ArrayList<>(size);
            for (int i = 0; it.hasNext(); i++) {
                v.enter(i);
                out.add(items.convert(it.next(), v));
                v.leave();
            }
            return out;
        }
    }

    private static final class ToMap extends ToDatum {
        private final ToDatum values;

        ToMap(Schema s, ToDatum values) {
            super(s);
            this.values = values;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>(capacity(m.size()));
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof CharSequence key)) {
                        v.add("map key " + Descriptions.value(e.getKey()) + " is not a string; Avro map keys are strings");
                        continue;
                    }
                    put(out, key.toString(), e.getValue(), v);
                }
                return out;
            }
            if (value instanceof JsonNode j && j.isObject()) {
                Map<String, Object> out = new LinkedHashMap<>(capacity(j.size()));
                for (Map.Entry<String, JsonNode> e : j.properties()) {
                    put(out, e.getKey(), e.getValue(), v);
                }
                return out;
            }
            return mismatch(value, v);
        }

        private void put(Map<String, Object> out, String key, Object value, Violations v) {
            v.enter(key);
            out.put(key, values.convert(value, v));
            v.leave();
        }
    }

    private static int capacity(int size) {
        return size < 3 ? size + 1 : (int) (size / 0.75f) + 1;
    }

    private static final class ToUnion extends ToDatum {
        private final boolean nullable;
        private final ToDatum[] branches;

        ToUnion(Schema s, boolean nullable, ToDatum[] branches) {
            super(s);
            this.nullable = nullable;
            this.branches = branches;
        }

        @Override
        Object convertNull(Violations v) {
            if (!nullable) {
                v.add(expected + ", got null");
            }
            return null;
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (branches.length == 1) {
                return branches[0].convert(value, v);
            }
            int mark = v.count();
            for (ToDatum branch : branches) {
                Object datum = branch.convert(value, v);
                if (v.count() == mark) {
                    return datum;
                }
                v.truncate(mark);
            }
            return mismatch(value, v);
        }
    }

    /**
     * A record: its fields' converters by position and, per class of emitted object, which of the
     * object's properties is which field (found once per class).
     */
    private static final class ToRecord extends ToDatum {
        private final Map<String, Integer> positions = new HashMap<>();
        private final Map<Class<?>, Binding> bindings = new ConcurrentHashMap<>();
        /** The binding used last: nearly every event of a topic is of one class. Racy, but a Binding is immutable. */
        private Binding last;
        private final String[] names;
        private ToDatum[] fields;

        ToRecord(Schema s) {
            super(s);
            names = new String[s.getFields().size()];
            for (Schema.Field f : s.getFields()) {
                positions.put(f.name(), f.pos());
                names[f.pos()] = f.name();
            }
        }

        @Override
        Object convertValue(Object value, Violations v) {
            if (value instanceof IndexedRecord r) {
                return fromRecord(r, v);
            }
            if (value instanceof Map<?, ?> m) {
                return fromMap(m, v);
            }
            if (value instanceof JsonNode j) {
                return j.isObject() ? fromJson(j, v) : mismatch(value, v);
            }
            if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                    || value instanceof Collection<?> || value.getClass().isArray()) {
                return mismatch(value, v);
            }
            return fromObject(value, v);
        }

        private Object fromRecord(IndexedRecord r, Violations v) {
            GenericData.Record out = new GenericData.Record(schema);
            if (r.getSchema() == schema) {
                for (int i = 0; i < fields.length; i++) {
                    field(out, i, r.get(i), v);
                }
                return out;
            }
            boolean[] seen = new boolean[fields.length];
            for (Schema.Field f : r.getSchema().getFields()) {
                put(out, seen, f.name(), r.get(f.pos()), v);
            }
            return complete(out, seen, v);
        }

        private Object fromMap(Map<?, ?> m, Violations v) {
            GenericData.Record out = new GenericData.Record(schema);
            boolean[] seen = new boolean[fields.length];
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof CharSequence key)) {
                    v.add("map key " + Descriptions.value(e.getKey()) + " is not a string; a record's fields are "
                            + "named by strings");
                    continue;
                }
                put(out, seen, key.toString(), e.getValue(), v);
            }
            return complete(out, seen, v);
        }

        private Object fromJson(JsonNode j, Violations v) {
            GenericData.Record out = new GenericData.Record(schema);
            boolean[] seen = new boolean[fields.length];
            for (Map.Entry<String, JsonNode> e : j.properties()) {
                put(out, seen, e.getKey(), e.getValue(), v);
            }
            return complete(out, seen, v);
        }

        private Object fromObject(Object value, Violations v) {
            Binding b = last;
            if (b == null || b.type != value.getClass()) {
                b = bindings.computeIfAbsent(value.getClass(), this::bind);
                last = b;
            }
            if (b.problem != null) {
                return mismatch(value, b.problem, v);
            }
            GenericData.Record out = new GenericData.Record(schema);
            List<ObjectProperties.Property> props = b.properties;
            for (int i = 0; i < props.size(); i++) {
                int pos = b.positions[i];
                Object property;
                try {
                    property = props.get(i).getter().invokeExact(value);
                } catch (Throwable t) {
                    v.enter(props.get(i).name());
                    v.add("cannot be read: its getter threw " + t);
                    v.leave();
                    continue;
                }
                if (pos < 0) {
                    extra(props.get(i).name(), v);
                } else {
                    field(out, pos, property, v);
                }
            }
            for (int pos : b.uncovered) {
                absent(out, pos, v);
            }
            return out;
        }

        private Binding bind(Class<?> type) {
            ObjectProperties found = ObjectProperties.of(type);
            if (found.problem() != null) {
                return new Binding(type, List.of(), new int[0], new int[0], found.problem());
            }
            List<ObjectProperties.Property> props = found.properties();
            int[] at = new int[props.size()];
            boolean[] covered = new boolean[fields.length];
            for (int i = 0; i < props.size(); i++) {
                Integer pos = positions.get(props.get(i).name());
                at[i] = pos == null ? -1 : pos;
                if (pos != null) {
                    covered[pos] = true;
                }
            }
            List<Integer> uncovered = new ArrayList<>();
            for (int pos = 0; pos < covered.length; pos++) {
                if (!covered[pos]) {
                    uncovered.add(pos);
                }
            }
            return new Binding(type, props, at, uncovered.stream().mapToInt(Integer::intValue).toArray(), null);
        }

        private void put(GenericData.Record out, boolean[] seen, String name, Object value, Violations v) {
            Integer pos = positions.get(name);
            if (pos == null) {
                extra(name, v);
                return;
            }
            seen[pos] = true;
            field(out, pos, value, v);
        }

        private void field(GenericData.Record out, int pos, Object value, Violations v) {
            v.enter(names[pos]);
            out.put(pos, fields[pos].convert(value, v));
            v.leave();
        }

        private Object complete(GenericData.Record out, boolean[] seen, Violations v) {
            for (int pos = 0; pos < seen.length; pos++) {
                if (!seen[pos]) {
                    absent(out, pos, v);
                }
            }
            return out;
        }

        private void absent(GenericData.Record out, int pos, Violations v) {
            Schema.Field field = schema.getFields().get(pos);
            if (field.hasDefaultValue()) {
                out.put(pos, GenericData.get().getDefaultValue(field));
                return;
            }
            v.enter(names[pos]);
            v.add("is missing (the schema requires it)");
            v.leave();
        }

        private void extra(String name, Violations v) {
            v.enter(name);
            v.add("is not a field of " + Descriptions.of(schema) + " (the schema is closed)");
            v.leave();
        }
    }

    /** Which of a class's properties is which field, and which fields it has no property for. */
    private record Binding(Class<?> type, List<ObjectProperties.Property> properties, int[] positions,
                           int[] uncovered, String problem) {
    }
}
