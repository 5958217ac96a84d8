package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Builds the JSON tree of a value made of maps, lists, strings, numbers, booleans and nulls (what a
 * function that works on {@code Map<String, Object>} returns) directly, node by node. Jackson's
 * {@code valueToTree} gets the same tree by serializing the value into a token buffer and reading it
 * back, which on the benchmark was a tenth of the engine's CPU and a large share of its garbage.
 * Any other value, anywhere in it, is left to Jackson, so the tree is always the one Jackson would
 * build.
 */
final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** The tree of {@code value}: built directly if it is plain JSON data, else by Jackson. */
    static JsonNode of(Object value) {
        JsonNode direct = direct(value);
        return direct != null ? direct : Json.MAPPER.valueToTree(value);
    }

    /** The tree, or null if some part of the value is not plain JSON data. */
    private static JsonNode direct(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                JsonNode child = e.getKey() instanceof String key ? direct(e.getValue()) : null;
                if (child == null) {
                    return null;
                }
                object.set((String) e.getKey(), child);
            }
            return object;
        }
        if (v instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                JsonNode child = direct(item);
                if (child == null) {
                    return null;
                }
                array.add(child);
            }
            return array;
        }
        return scalar(v);
    }

    private static JsonNode scalar(Object v) {
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return NODES.numberNode(d);
        }
        if (v instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        return null; // decimals (Jackson normalises their scale), floats, dates, records, NaN...: Jackson decides
    }
}
