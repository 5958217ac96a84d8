package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one event deliberately skipped by on-call ({@code ferry skip}), on the audit
 * topic (the profile's {@code audit.topic}, key the app's name). It is both the audit trail and the
 * order: an instance halted at exactly this event, or halting at it later (after a restart or a
 * rebalance), reads it and goes on past the event, so no running instance can undo a skip. One
 * format, read and written only here.
 *
 * @param app         the app
 * @param event       the event skipped
 * @param by          who skipped it
 * @param at          when
 * @param reason      why, in their words
 * @param key         the event's key as text (UTF-8), or null when it had none
 * @param valueSha256 the SHA-256 of the event's value bytes, hex, or null when it had no value
 */
public record SkipRecord(String app, EventPosition event, String by, Instant at, String reason, String key,
                         String valueSha256) {

    /** The {@code action} field of a skip. */
    public static final String ACTION = "skip";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Checks the parts an instance acts on are there. */
    public SkipRecord {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /** The record as one line of JSON. */
    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("action", ACTION).put("app", app).put("topic", event.topic()).put("partition", event.partition())
                .put("offset", event.offset()).put("by", by).put("at", at.toString()).put("reason", reason)
                .put("key", key).put("valueSha256", valueSha256);
        return n.toString();
    }

    /**
     * Reads a record written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong, if it is not a skip
     */
    public static SkipRecord parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject() || !ACTION.equals(n.path("action").asText())) {
                throw new IllegalArgumentException("its action is not '" + ACTION + "'");
            }
            return new SkipRecord(text(n, "app"), new EventPosition(text(n, "topic"), n.path("partition").asInt(),
                    n.path("offset").asLong()), text(n, "by"), Instant.parse(text(n, "at")), text(n, "reason"),
                    n.path("key").isTextual() ? n.get("key").asText() : null,
                    n.path("valueSha256").isTextual() ? n.get("valueSha256").asText() : null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Ferry skip record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.asText();
    }
}
