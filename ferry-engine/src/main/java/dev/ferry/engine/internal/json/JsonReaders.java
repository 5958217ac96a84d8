package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Readers of JSON input values by the type asked for, each with one prepared Jackson reader (no
 * per-event type lookups): the raw text, a map of a JSON object, Jackson's tree, or a record.
 */
final class JsonReaders {

    private JsonReaders() {
    }

    static InputCodec of(Type type) {
        if (type == String.class) {
            return bytes -> new String(bytes, StandardCharsets.UTF_8);
        }
        if (type == byte[].class) {
            return bytes -> bytes;
        }
        if (type == JsonNode.class || type == ObjectNode.class) {
            return parsing(Json.MAPPER.readerFor((Class<?>) type), type == ObjectNode.class ? "a JSON object" : "JSON");
        }
        if (type == Map.class || type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return parsing(Json.MAPPER.readerFor(Json.MAPPER.getTypeFactory()
                    .constructMapType(Map.class, String.class, Object.class)), "a JSON object");
        }
        if (type instanceof Class<?> c && !c.isPrimitive() && !c.isInterface() && !c.getName().startsWith("java.")) {
            return parsing(Json.MAPPER.readerFor(Json.MAPPER.getTypeFactory().constructType(type)), c.getName());
        }
        throw new AppDefinitionException("the json format cannot read input events as " + type.getTypeName()
                + ": it reads String (the raw JSON), Map<String, Object>, JsonNode, ObjectNode, byte[] or a record");
    }

    private static InputCodec parsing(ObjectReader reader, String what) {
        return bytes -> {
            try {
                return reader.readValue(bytes);
            } catch (IOException e) {
                throw new FormatException("cannot be decoded as " + what + ": " + Json.describe(e), e);
            }
        };
    }
}
