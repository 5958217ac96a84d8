package dev.ferry.format.avro;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** The converters of arrays, maps and unions for {@link DatumConverter}. */
final class ContainerDatums {

    private ContainerDatums() {
    }

    static final class ToArray extends ToDatum {
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

    static final class ToMap extends ToDatum {
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

    static final class ToUnion extends ToDatum {
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
}
