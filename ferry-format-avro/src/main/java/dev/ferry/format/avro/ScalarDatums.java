package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;

/**
 * The converters of scalar schemas for {@link DatumConverter}: null, boolean, the numbers, string,
 * bytes, fixed and enum, with the logical types on them (date, timestamp-*, uuid, decimal).
 */
final class ScalarDatums {

    private ScalarDatums() {
    }

    static final class ToNull extends ToDatum {
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

    static final class ToBoolean extends ToDatum {
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

    static final class ToInt extends ToDatum {
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

    static final class ToLong extends ToDatum {
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

    static final class ToFloat extends ToDatum {
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

    static final class ToDouble extends ToDatum {
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

    static final class ToString extends ToDatum {
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

    static final class ToBytes extends ToDatum {
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

    static final class ToFixed extends ToDatum {
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

    static final class ToEnum extends ToDatum {
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
}
