package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the required fields of the formats this package owns, with the same message when one is missing. */
final class JsonFields {

    private JsonFields() {
    }

    /** The text field {@code field} of {@code n}. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.asText();
    }

    /** The array field {@code field} of {@code n}. */
    static JsonNode array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }
}
