package dev.ferry.format.avro;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * What a Java type is, as far as Avro cares: the one model of an author's type that the schema
 * derivation, the check against a declared document and the reading of values into that type all
 * share, so that they cannot disagree on the mapping. Built once per type by {@link JavaShapes}.
 */
sealed interface JavaShape {

    /** A value with no inner shape. */
    enum Kind {
        BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING, BYTES, INSTANT, LOCAL_DATE, UUID, DECIMAL
    }

    /** How the type reads in messages, such as {@code java.util.List<java.lang.String>}. */
    String typeName();

    /** A scalar: a primitive, its box, {@code String}, {@code byte[]} or a logical type's class. */
    record Scalar(Kind kind, String typeName) implements JavaShape {
    }

    /** A Java enum: its constants are the Avro enum's symbols, in declaration order. */
    record EnumShape(Class<?> type, List<String> symbols, Map<String, Object> constants) implements JavaShape {

        @Override
        public String typeName() {
            return type.getName();
        }
    }

    /** A {@code List}, {@code Collection} or {@code Set} of one element shape. */
    record ArrayShape(JavaShape items, boolean set, String typeName) implements JavaShape {
    }

    /** A {@code Map} with {@code String} keys. */
    record MapShape(JavaShape values, String typeName) implements JavaShape {
    }

    /** An {@code Optional}: the value may be absent, as an Avro union of null and the value. */
    record OptionalShape(JavaShape value, String typeName) implements JavaShape {
    }

    /**
     * A Java record. Its components are set once, after the record itself is known, so that a record
     * may contain itself (a tree, say).
     */
    final class RecordShape implements JavaShape {
        private final Class<?> type;
        private final String typeName;
        private List<Component> components;
        private MethodHandle constructor;

        RecordShape(Class<?> type, String typeName) {
            this.type = type;
            this.typeName = typeName;
        }

        void complete(List<Component> parts, MethodHandle canonical) {
            this.components = List.copyOf(parts);
            this.constructor = canonical;
        }

        /** The record class. */
        Class<?> type() {
            return type;
        }

        @Override
        public String typeName() {
            return typeName;
        }

        /** The Avro name: the class's simple name. */
        String avroName() {
            return type.getSimpleName();
        }

        /** The Avro namespace: the class's package. */
        String avroNamespace() {
            return type.getPackageName();
        }

        /** The components in declaration order, each an Avro field of the same name. */
        List<Component> components() {
            return components;
        }

        /** The canonical constructor, taking every component as an {@code Object}, returning {@code Object}. */
        MethodHandle constructor() {
            return constructor;
        }
    }

    /**
     * One component of a record.
     *
     * @param name     its name, also the Avro field's
     * @param shape    its type's shape
     * @param accessor its accessor, taking the record as an {@code Object}, returning {@code Object}
     */
    record Component(String name, JavaShape shape, MethodHandle accessor) {
    }
}
