package dev.ferry.hub.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.hub.PeekedEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hides the fields a topic's schema marks sensitive in every peeked event, for every role, before
 * a page or the API sees them. A JSON Schema marks a property with {@value #JSON_KEYWORD}{@code :
 * true}; an Avro schema marks a record field with the property {@value #AVRO_PROPERTY}{@code :
 * true}. Nested objects ({@code properties}, Avro records) and arrays ({@code items}) are followed;
 * a marked field's value, whatever it is, becomes {@value #MARKER}; a field the event does not have
 * stays absent. A value that is not JSON (Avro binary, text) cannot be masked field by field, so
 * when its schema marks any field the whole value is replaced. Keys and headers are not masked.
 */
public final class Masking {

    /** The JSON Schema keyword that marks a property sensitive. */
    public static final String JSON_KEYWORD = "x-ferry-sensitive";
    /** The Avro field property that marks a field sensitive. */
    public static final String AVRO_PROPERTY = "ferry.sensitive";
    /** What a sensitive field's value becomes. */
    public static final String MARKER = "***masked***";
    /** What a whole value becomes when its fields cannot be told apart. */
    public static final String WHOLE_VALUE = "(masked: the schema marks fields of this value sensitive, and it is not "
            + "JSON, so none of it is shown)";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Masks nothing: a topic without a schema, or whose schema marks nothing. */
    public static final Masking NONE = new Masking(null, false);

    private final JsonNode schema;
    private final boolean avro;

    private Masking(JsonNode schema, boolean avro) {
        this.schema = schema;
        this.avro = avro;
    }

    /**
     * The masking a schema asks for.
     *
     * @param language the schema's language as announced ({@code json-schema}, {@code avro}, ...)
     * @param schema   the schema's text
     */
    public static Masking of(String language, String schema) {
        JsonNode node;
        try {
            node = MAPPER.readTree(schema);
        } catch (JsonProcessingException e) {
            return NONE;
        }
        if (node == null) {
            return NONE;
        }
        boolean avro = language.toLowerCase(Locale.ROOT).contains("avro");
        Masking m = new Masking(node, avro);
        return m.marksAny(node) ? m : NONE;
    }

    /** Whether any field is marked. */
    public boolean masksAnything() {
        return schema != null;
    }

    /** The events with their sensitive fields masked. */
    public List<PeekedEvent> apply(List<PeekedEvent> events) {
        if (schema == null) {
            return events;
        }
        return events.stream().map(this::apply).toList();
    }

    /** One event, its sensitive fields masked. */
    public PeekedEvent apply(PeekedEvent e) {
        if (schema == null || e.kind() == PeekedEvent.ValueKind.TOMBSTONE) {
            return e;
        }
        if (e.kind() != PeekedEvent.ValueKind.JSON) {
            return new PeekedEvent(e.partition(), e.offset(), e.timestamp(), e.key(), e.headers(), WHOLE_VALUE,
                    e.kind());
        }
        try {
            JsonNode value = MAPPER.readTree(e.value());
            mask(schema, value);
            return new PeekedEvent(e.partition(), e.offset(), e.timestamp(), e.key(), e.headers(),
                    MAPPER.writeValueAsString(value), e.kind());
        } catch (JsonProcessingException ex) {
            return new PeekedEvent(e.partition(), e.offset(), e.timestamp(), e.key(), e.headers(), WHOLE_VALUE,
                    e.kind());
        }
    }

    private void mask(JsonNode s, JsonNode value) {
        if (s == null || value == null) {
            return;
        }
        if (avro) {
            maskAvro(s, value);
        } else {
            maskJson(s, value);
        }
    }

    private void maskJson(JsonNode s, JsonNode value) {
        if (value.isObject() && s.path("properties").isObject()) {
            ObjectNode obj = (ObjectNode) value;
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!obj.has(p.getKey())) {
                    continue;
                }
                if (p.getValue().path(JSON_KEYWORD).asBoolean(false)) {
                    obj.put(p.getKey(), MARKER);
                } else {
                    maskJson(p.getValue(), obj.get(p.getKey()));
                }
            }
        }
        if (value.isArray() && s.has("items")) {
            for (JsonNode item : (ArrayNode) value) {
                maskJson(s.get("items"), item);
            }
        }
        for (String combiner : List.of("allOf", "anyOf", "oneOf")) {
            if (s.path(combiner).isArray()) {
                s.get(combiner).forEach(branch -> maskJson(branch, value));
            }
        }
    }

    private void maskAvro(JsonNode s, JsonNode value) {
        if (s.isArray()) { // a union: each branch that fits
            s.forEach(branch -> maskAvro(branch, value));
            return;
        }
        if (s.isObject() && (s.path("type").isObject() || s.path("type").isArray())) {
            maskAvro(s.get("type"), value);
            return;
        }
        String type = s.path("type").asText("");
        if (type.equals("record") && value.isObject() && s.path("fields").isArray()) {
            ObjectNode obj = (ObjectNode) value;
            for (JsonNode f : s.get("fields")) {
                String name = f.path("name").asText();
                if (!obj.has(name)) {
                    continue;
                }
                if (f.path(AVRO_PROPERTY).asBoolean(false)) {
                    obj.put(name, MARKER);
                } else {
                    maskAvro(f.get("type"), obj.get(name));
                }
            }
        } else if (type.equals("array") && value.isArray()) {
            value.forEach(item -> maskAvro(s.get("items"), item));
        } else if (type.equals("map") && value.isObject()) {
            value.forEach(item -> maskAvro(s.get("values"), item));
        }
    }

    private boolean marksAny(JsonNode n) {
        if (n.isObject()) {
            if (n.path(avro ? AVRO_PROPERTY : JSON_KEYWORD).asBoolean(false)) {
                return true;
            }
            for (JsonNode child : n) {
                if (marksAny(child)) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode child : n) {
                if (marksAny(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The masking for a topic's schema, if it has one. */
    public static Masking forSchema(Optional<dev.ferry.engine.AppAnnouncement.Output> schema) {
        return schema.map(s -> of(s.language(), s.schema())).orElse(NONE);
    }
}
