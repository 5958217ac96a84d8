package dev.ferry.format.avro;

import dev.ferry.engine.spi.FormatException;
import dev.ferry.format.avro.JavaShape.ArrayShape;
import dev.ferry.format.avro.JavaShape.EnumShape;
import dev.ferry.format.avro.JavaShape.MapShape;
import dev.ferry.format.avro.JavaShape.OptionalShape;
import dev.ferry.format.avro.JavaShape.RecordShape;
import dev.ferry.format.avro.JavaShape.Scalar;
import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns a generic datum of the reader schema derived from a Java type (so field {@code i} is
 * component {@code i}) into a value of that type: records through their canonical constructor,
 * {@code Optional}s from unions, logical types into {@code Instant}, {@code LocalDate}, {@code UUID}
 * and {@code BigDecimal}. Compiled once per type; thread-safe.
 */
final class JavaValues {

    /** Reads one datum as a Java value. */
    @FunctionalInterface
    interface FromDatum {
        Object read(Object datum) throws FormatException;
    }

    private final Map<RecordShape, RecordReader> records = new IdentityHashMap<>();

    private JavaValues() {
    }

    /** The reader of a record type's datums. */
    static FromDatum of(RecordShape shape) {
        return new JavaValues().reader(shape);
    }

    private FromDatum reader(JavaShape shape) {
        if (shape instanceof Scalar s) {
            return scalar(s);
        }
        if (shape instanceof EnumShape e) {
            Map<String, Object> constants = e.constants();
            return datum -> constants.get(datum.toString());
        }
        if (shape instanceof ArrayShape a) {
            FromDatum items = reader(a.items());
            boolean set = a.set();
            return datum -> {
                Collection<?> in = (Collection<?>) datum;
                Collection<Object> out = set ? new LinkedHashSet<>() : new ArrayList<>(in.size());
                for (Object item : in) {
                    out.add(items.read(item));
                }
                return out;
            };
        }
        if (shape instanceof MapShape m) {
            FromDatum values = reader(m.values());
            return datum -> {
                Map<?, ?> in = (Map<?, ?>) datum;
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : in.entrySet()) {
                    out.put(e.getKey().toString(), values.read(e.getValue()));
                }
                return out;
            };
        }
        if (shape instanceof OptionalShape o) {
            FromDatum value = reader(o.value());
            return datum -> datum == null ? Optional.empty() : Optional.of(value.read(datum));
        }
        return record((RecordShape) shape);
    }

    private FromDatum record(RecordShape shape) {
        RecordReader known = records.get(shape);
        if (known != null) {
            return known;
        }
        RecordReader r = new RecordReader(shape);
        records.put(shape, r);
        List<JavaShape.Component> components = shape.components();
        FromDatum[] parts = new FromDatum[components.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = reader(components.get(i).shape());
        }
        r.components = parts;
        return r;
    }

    private static FromDatum scalar(Scalar s) {
        return switch (s.kind()) {
            case BOOLEAN, INT, LONG, FLOAT, DOUBLE -> datum -> datum;
            case STRING -> Object::toString;
            case BYTES -> datum -> {
                ByteBuffer b = ((ByteBuffer) datum).duplicate();
                byte[] out = new byte[b.remaining()];
                b.get(out);
                return out;
            };
            case INSTANT -> datum -> {
                long micros = (Long) datum;
                return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L);
            };
            case LOCAL_DATE -> datum -> LocalDate.ofEpochDay((Integer) datum);
            case UUID -> datum -> {
                try {
                    return UUID.fromString(datum.toString());
                } catch (IllegalArgumentException e) {
                    throw new FormatException("string " + Descriptions.quoted(datum.toString()) + " is not a UUID");
                }
            };
            case DECIMAL -> datum -> {
                try {
                    return new BigDecimal(datum.toString());
                } catch (NumberFormatException e) {
                    throw new FormatException("string " + Descriptions.quoted(datum.toString()) + " is not a decimal");
                }
            };
        };
    }

    /** A record's components by position, passed to its canonical constructor. */
    private static final class RecordReader implements FromDatum {
        private final RecordShape shape;
        private final MethodHandle constructor;
        private FromDatum[] components;

        RecordReader(RecordShape shape) {
            this.shape = shape;
            this.constructor = shape.constructor();
        }

        @Override
        public Object read(Object datum) throws FormatException {
            IndexedRecord in = (IndexedRecord) datum;
            Object[] args = new Object[components.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = components[i].read(in.get(i));
            }
            try {
                return (Object) constructor.invokeExact(args);
            } catch (Throwable t) {
                throw new FormatException("cannot be made into " + shape.typeName() + ": its constructor threw " + t, t);
            }
        }
    }
}
