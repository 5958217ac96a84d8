package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * The converter of a record schema for {@link DatumConverter}: takes an Avro record, a map, a JSON
 * object, or a Java record or bean, matching fields by name; a name the schema lacks is a
 * violation, a field the value lacks takes its default or is one. Which property of an object's
 * class is which field is worked out once per class ({@link Binding}).
 */
final class ToRecord extends ToDatum {
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

    /** Sets the fields' converters, once, after they are compiled (a record may contain itself). */
    void complete(ToDatum[] converters) {
        this.fields = converters;
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
                || value instanceof Enum<?> || value instanceof Collection<?> || value.getClass().isArray()) {
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

    /** Which of a class's properties is which field, and which fields it has no property for. */
    private record Binding(Class<?> type, List<ObjectProperties.Property> properties, int[] positions,
                           int[] uncovered, String problem) {
    }
}
