package dev.ferry.format.avro;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns a generic datum into plain Java values, walking it with its writer's schema: records into
 * {@code Map<String, Object>} (fields in schema order), arrays into lists, strings and enum symbols
 * into {@code String}, bytes and fixed into {@code byte[]}, a union into its branch's value, and
 * logical types into what Avro's own conversions give ({@code Instant}, {@code LocalDate},
 * {@code UUID}, {@code BigDecimal}). What a function that takes {@code Map<String, Object>} gets.
 */
final class PlainValues {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private PlainValues() {
    }

    /** The plain value of a datum of {@code schema}. */
    static Object of(Object datum, Schema schema) {
        if (datum == null) {
            return null;
        }
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case RECORD -> record((IndexedRecord) datum, schema);
            case ARRAY -> {
                Collection<?> in = (Collection<?>) datum;
                List<Object> out = new ArrayList<>(in.size());
                for (Object item : in) {
                    out.add(of(item, schema.getElementType()));
                }
                yield out;
            }
            case MAP -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) datum).forEach((k, v) -> out.put(k.toString(), of(v, schema.getValueType())));
                yield out;
            }
            case UNION -> of(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ENUM -> datum.toString();
            case STRING -> logical != null && "uuid".equals(logical.getName()) ? UUID.fromString(datum.toString())
                    : datum.toString();
            case BYTES -> logical instanceof LogicalTypes.Decimal d ? DECIMALS.fromBytes((ByteBuffer) datum, schema, d)
                    : bytes((ByteBuffer) datum);
            case FIXED -> logical instanceof LogicalTypes.Decimal d ? DECIMALS.fromFixed((GenericFixed) datum, schema, d)
                    : ((GenericFixed) datum).bytes().clone();
            case INT -> logical instanceof LogicalTypes.Date ? LocalDate.ofEpochDay((Integer) datum) : datum;
            case LONG -> TypeFit.isTimestamp(logical) ? instant((Long) datum, logical) : datum;
            case FLOAT, DOUBLE, BOOLEAN, NULL -> datum;
        };
    }

    private static Map<String, Object> record(IndexedRecord r, Schema schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field f : schema.getFields()) {
            out.put(f.name(), of(r.get(f.pos()), f.schema()));
        }
        return out;
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** A timestamp-millis, -micros or -nanos value as an Instant. */
    static Instant instant(long value, LogicalType unit) {
        long perSecond = unit instanceof LogicalTypes.TimestampMillis ? 1_000L
                : unit instanceof LogicalTypes.TimestampMicros ? 1_000_000L : 1_000_000_000L;
        return Instant.ofEpochSecond(Math.floorDiv(value, perSecond),
                Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond));
    }

    /** An Avro decimal, for {@link JsonValues}. */
    static BigDecimal decimal(Object datum, Schema schema, LogicalTypes.Decimal d) {
        return datum instanceof GenericFixed f ? DECIMALS.fromFixed(f, schema, d)
                : DECIMALS.fromBytes((ByteBuffer) datum, schema, d);
    }
}
