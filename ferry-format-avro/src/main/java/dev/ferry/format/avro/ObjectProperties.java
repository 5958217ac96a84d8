package dev.ferry.format.avro;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The named properties of an emitted object that is neither a map nor an Avro record: a Java
 * record's components, or a bean's getters. Found by reflection once per class (a {@link ClassValue}),
 * so that an event's values are read through prepared method handles.
 */
final class ObjectProperties {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ClassValue<ObjectProperties> BY_CLASS = new ClassValue<>() {
        @Override
        protected ObjectProperties computeValue(Class<?> type) {
            return find(type);
        }
    };

    /** One property: its name and its getter, taking the object, returning {@code Object}. */
    record Property(String name, MethodHandle getter) {
    }

    private final List<Property> properties;
    private final String problem;

    private ObjectProperties(List<Property> properties, String problem) {
        this.properties = properties;
        this.problem = problem;
    }

    /** The properties of a class; {@link #problem()} says why there are none. */
    static ObjectProperties of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** The properties, in declaration order for a record, by name for a bean. */
    List<Property> properties() {
        return properties;
    }

    /** Why the class has no readable properties, or null if it has. */
    String problem() {
        return problem;
    }

    private static ObjectProperties find(Class<?> type) {
        try {
            List<Property> found = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    found.add(new Property(c.getName(), getter(c.getAccessor())));
                }
                return new ObjectProperties(List.copyOf(found), null);
            }
            if (type.getName().startsWith("java.") || type.isArray() || type.isPrimitive() || type.isEnum()) {
                return new ObjectProperties(List.of(), "it is not a record or a bean");
            }
            for (Method m : type.getMethods()) {
                String name = propertyName(m);
                if (name != null) {
                    found.add(new Property(name, getter(m)));
                }
            }
            found.sort(Comparator.comparing(Property::name));
            return found.isEmpty() ? new ObjectProperties(List.of(), "it has no getters")
                    : new ObjectProperties(List.copyOf(found), null);
        } catch (IllegalAccessException | InaccessibleObjectException | SecurityException e) {
            return new ObjectProperties(List.of(), "Ferry cannot read its properties: " + e.getMessage());
        }
    }

    /**
     * The property a public getter reads ({@code getName()} reads {@code name}, {@code isActive()} a
     * boolean {@code active}), or null if the method is not a getter. Not {@code java.beans}, which
     * lives in the desktop module that a slim runtime leaves out.
     */
    private static String propertyName(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() == void.class
                || m.getDeclaringClass().getName().startsWith("java.")) {
            return null;
        }
        String n = m.getName();
        int prefix = n.startsWith("get") ? 3
                : n.startsWith("is") && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class) ? 2
                : 0;
        if (prefix == 0 || n.length() == prefix || !Character.isUpperCase(n.charAt(prefix))) {
            return null;
        }
        return Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1);
    }

    private static MethodHandle getter(Method method) throws IllegalAccessException {
        method.setAccessible(true);
        return LOOKUP.unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
    }
}
