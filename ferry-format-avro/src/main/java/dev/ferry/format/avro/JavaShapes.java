package dev.ferry.format.avro;

import dev.ferry.format.avro.JavaShape.ArrayShape;
import dev.ferry.format.avro.JavaShape.Component;
import dev.ferry.format.avro.JavaShape.EnumShape;
import dev.ferry.format.avro.JavaShape.Kind;
import dev.ferry.format.avro.JavaShape.MapShape;
import dev.ferry.format.avro.JavaShape.OptionalShape;
import dev.ferry.format.avro.JavaShape.RecordShape;
import dev.ferry.format.avro.JavaShape.Scalar;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Classifies a Java type into its {@link JavaShape}, or says which component has a type Avro has no
 * mapping for. The mapping is the README's table; anything not in it is refused here, at start-up.
 */
final class JavaShapes {

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final Map<Class<?>, Kind> SCALARS = Map.ofEntries(
            Map.entry(boolean.class, Kind.BOOLEAN), Map.entry(Boolean.class, Kind.BOOLEAN),
            Map.entry(int.class, Kind.INT), Map.entry(Integer.class, Kind.INT),
            Map.entry(long.class, Kind.LONG), Map.entry(Long.class, Kind.LONG),
            Map.entry(float.class, Kind.FLOAT), Map.entry(Float.class, Kind.FLOAT),
            Map.entry(double.class, Kind.DOUBLE), Map.entry(Double.class, Kind.DOUBLE),
            Map.entry(String.class, Kind.STRING), Map.entry(byte[].class, Kind.BYTES),
            Map.entry(Instant.class, Kind.INSTANT), Map.entry(LocalDate.class, Kind.LOCAL_DATE),
            Map.entry(UUID.class, Kind.UUID), Map.entry(BigDecimal.class, Kind.DECIMAL));

    private final Map<String, RecordShape> records = new HashMap<>();
    private final List<String> path = new ArrayList<>();

    private JavaShapes() {
    }

    /**
     * The shape of a record type, such as an author's event or {@code Envelope<Prediction>}.
     *
     * @throws ShapeException if it is not a record or one of its components cannot be mapped
     */
    static RecordShape ofRecord(Type type) {
        Class<?> raw = rawClass(type);
        if (raw == null || !raw.isRecord()) {
            throw new ShapeException(type.getTypeName() + " is not a Java record; Avro schemas are derived from "
                    + "records (or give an .avsc schema document)");
        }
        return (RecordShape) new JavaShapes().shape(type, Map.of(), null);
    }

    private JavaShape shape(Type type, Map<TypeVariable<?>, Type> bindings, RecordComponent at) {
        Type t = resolve(type, bindings, at);
        if (t instanceof Class<?> c) {
            return ofClass(c, at);
        }
        if (t instanceof ParameterizedType p) {
            return ofParameterized(p, bindings, at);
        }
        if (t instanceof GenericArrayType) {
            throw unsupported(at, t, "Avro has no mapping for Java arrays other than byte[]; use a List");
        }
        throw unsupported(at, t, "Avro has no mapping for it");
    }

    private Type resolve(Type type, Map<TypeVariable<?>, Type> bindings, RecordComponent at) {
        Type t = type;
        while (t instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            if (bound == null) {
                throw unsupported(at, v, "type variable " + v.getName() + " is not bound to a type; declare the "
                        + "output with a concrete type");
            }
            t = bound;
        }
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0 || w.getUpperBounds().length != 1) {
                throw unsupported(at, w, "a wildcard needs a single upper bound, such as ? extends Item");
            }
            return resolve(w.getUpperBounds()[0], bindings, at);
        }
        return t;
    }

    private JavaShape ofClass(Class<?> c, RecordComponent at) {
        Kind kind = SCALARS.get(c);
        if (kind != null) {
            return new Scalar(kind, c.getTypeName());
        }
        if (c == short.class || c == Short.class || c == byte.class || c == Byte.class) {
            throw unsupported(at, c, "Avro has no 8- or 16-bit integers; use int");
        }
        if (c == char.class || c == Character.class) {
            throw unsupported(at, c, "Avro has no character type; use String");
        }
        if (c.isEnum()) {
            return ofEnum(c, at);
        }
        if (c.isRecord()) {
            if (c.getTypeParameters().length > 0) {
                throw unsupported(at, c, "the record has type parameters; give them, such as "
                        + c.getSimpleName() + "<YourPayload>");
            }
            return ofRecord(c, c.getName(), Map.of(), at);
        }
        if (c.isArray()) {
            throw unsupported(at, c, "Avro has no mapping for Java arrays other than byte[]; use a List");
        }
        if (c == List.class || c == Collection.class || c == Set.class || c == Map.class || c == Optional.class) {
            throw unsupported(at, c, "name its type arguments, such as " + c.getSimpleName()
                    + (c == Map.class ? "<String, Integer>" : "<String>"));
        }
        throw unsupported(at, c, "it is not a record, and Avro has no mapping for it (see the mapping table in "
                + "ferry-format-avro's README)");
    }

    private JavaShape ofParameterized(ParameterizedType p, Map<TypeVariable<?>, Type> bindings, RecordComponent at) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        String name = typeName(p, bindings);
        if (raw == List.class || raw == Collection.class || raw == Set.class) {
            return new ArrayShape(shape(args[0], bindings, at), raw == Set.class, name);
        }
        if (raw == Map.class) {
            if (resolve(args[0], bindings, at) != String.class) {
                throw unsupported(at, p, "Avro maps have string keys; use Map<String, V>");
            }
            return new MapShape(shape(args[1], bindings, at), name);
        }
        if (raw == Optional.class) {
            JavaShape inner = shape(args[0], bindings, at);
            if (inner instanceof OptionalShape) {
                throw unsupported(at, p, "an Optional of an Optional has no Avro mapping; use one Optional");
            }
            return new OptionalShape(inner, name);
        }
        if (raw.isRecord()) {
            Map<TypeVariable<?>, Type> inner = new HashMap<>();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            for (int i = 0; i < vars.length; i++) {
                inner.put(vars[i], resolve(args[i], bindings, at));
            }
            return ofRecord(raw, name, inner, at);
        }
        throw unsupported(at, p, "Avro has no mapping for " + raw.getName() + "; use List, Collection, Set, "
                + "Map<String, V>, Optional or a record");
    }

    private EnumShape ofEnum(Class<?> c, RecordComponent at) {
        List<String> symbols = new ArrayList<>();
        Map<String, Object> constants = new LinkedHashMap<>();
        for (Object constant : c.getEnumConstants()) {
            String symbol = ((Enum<?>) constant).name();
            if (!AVRO_NAME.matcher(symbol).matches()) {
                throw unsupported(at, c, "its constant " + symbol + " is not a valid Avro enum symbol "
                        + "(letters, digits and '_', not starting with a digit)");
            }
            symbols.add(symbol);
            constants.put(symbol, constant);
        }
        return new EnumShape(c, List.copyOf(symbols), Map.copyOf(constants));
    }

    private RecordShape ofRecord(Class<?> c, String name, Map<TypeVariable<?>, Type> bindings, RecordComponent at) {
        RecordShape known = records.get(name);
        if (known != null) {
            return known;
        }
        RecordShape shape = new RecordShape(c, name);
        records.put(name, shape);
        RecordComponent[] parts = c.getRecordComponents();
        List<Component> components = new ArrayList<>();
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            RecordComponent part = parts[i];
            types[i] = part.getType();
            if (!AVRO_NAME.matcher(part.getName()).matches()) {
                throw unsupported(part, part.getGenericType(), "its name is not a valid Avro field name "
                        + "(letters, digits and '_', not starting with a digit)");
            }
            path.add(part.getName());
            JavaShape inner = shape(part.getGenericType(), bindings, part);
            path.remove(path.size() - 1);
            components.add(new Component(part.getName(), inner, accessor(c, part.getAccessor(), at)));
        }
        shape.complete(components, constructor(c, types, at));
        return shape;
    }

    private MethodHandle accessor(Class<?> c, Method method, RecordComponent at) {
        try {
            method.setAccessible(true);
            return LOOKUP.unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException | InaccessibleObjectException | SecurityException e) {
            throw unsupported(at, c, "Ferry cannot call its accessor " + method.getName() + "(): " + e.getMessage()
                    + " (open its package to Ferry)");
        }
    }

    private MethodHandle constructor(Class<?> c, Class<?>[] types, RecordComponent at) {
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return LOOKUP.unreflectConstructor(canonical)
                    .asType(MethodType.genericMethodType(types.length))
                    .asSpreader(Object[].class, types.length);
        } catch (ReflectiveOperationException | InaccessibleObjectException | SecurityException e) {
            throw unsupported(at, c, "Ferry cannot call its canonical constructor: " + e.getMessage()
                    + " (open its package to Ferry)");
        }
    }

    private ShapeException unsupported(RecordComponent at, Type type, String reason) {
        if (at == null) {
            return new ShapeException(type.getTypeName() + ": " + reason);
        }
        return new ShapeException("component " + at.getDeclaringRecord().getName() + "." + at.getName() + " ($."
                + String.join(".", path) + ") has type " + at.getGenericType().getTypeName()
                + (at.getGenericType().equals(type) ? "" : " (" + type.getTypeName() + ")") + ": " + reason);
    }

    /** The type's name with its type variables replaced by what they are bound to. */
    private static String typeName(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v && bindings.containsKey(v)) {
            return typeName(bindings.get(v), bindings);
        }
        if (!(type instanceof ParameterizedType p)) {
            return type.getTypeName();
        }
        StringBuilder s = new StringBuilder(((Class<?>) p.getRawType()).getName()).append('<');
        Type[] args = p.getActualTypeArguments();
        for (int i = 0; i < args.length; i++) {
            s.append(i == 0 ? "" : ", ").append(typeName(args[i], bindings));
        }
        return s.append('>').toString();
    }

    /** The class of a type, or null for a type variable or wildcard. */
    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return null;
    }
}
