package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one partition of a replay ({@code ferry replay}), on the audit topic (the
 * profile's {@code audit.topic}, key the app's name), written before the command moves the app's
 * committed offset of that partition back to {@link #from}. Like a {@link SkipRecord} it is both the
 * audit trail and the order: a bounded replay ({@link #to} set) is honoured by the engine itself,
 * which processes the partition again up to and including {@code to}, then goes on from
 * {@link #resumeAt} (where the app was before the replay) without processing the events between a
 * second time. Kafka's committed offsets cannot say that, so the record must.
 *
 * <p>Only the latest record of an app's partition counts: every replay writes one for each partition
 * it moves, a replay to the end too ({@code to} null), so the latest always describes the latest
 * replay. A bounded record whose {@code resumeAt} is at or behind the app's committed offset is done.
 * One format, read and written only here.
 *
 * @param id        the replay's id, the same for every partition of one command
 * @param app       the app
 * @param topic     the input topic
 * @param partition the partition
 * @param from      the first offset processed again
 * @param to        the last offset processed again, or null for a replay to the end
 * @param resumeAt  the app's committed offset before the replay: where it goes on after {@code to}
 * @param by        who replayed
 * @param at        when
 * @param reason    why, in their words
 */
public record ReplayRecord(String id, String app, String topic, int partition, long from, Long to, long resumeAt,
                           String by, Instant at, String reason) {

    /** The {@code action} field of a replay. */
    public static final String ACTION = "replay";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Checks the parts an instance acts on are there and in order. */
    public ReplayRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        if (from < 0 || resumeAt < 0) {
            throw new IllegalArgumentException("offsets must be at least 0: from " + from + ", resumeAt " + resumeAt);
        }
        if (to != null && to < from) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
    }

    /**
     * Whether the replay leaves out a stretch: it ends before the last event the app had processed,
     * so after {@code to} it jumps to {@code resumeAt}, over offsets {@code to + 1} to
     * {@code resumeAt - 1}.
     */
    public boolean jumps() {
        return to != null && to + 1 < resumeAt;
    }

    /** The record as one line of JSON. */
    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("action", ACTION).put("id", id).put("app", app).put("topic", topic).put("partition", partition)
                .put("from", from).put("to", to).put("resumeAt", resumeAt).put("by", by).put("at", at.toString())
                .put("reason", reason);
        return n.toString();
    }

    /**
     * Reads a record written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong, if it is not a replay of one partition
     *                                  (a skip, or a replay record of Ferry before bounded replays)
     */
    public static ReplayRecord parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject() || !ACTION.equals(n.path("action").asText())) {
                throw new IllegalArgumentException("its action is not '" + ACTION + "'");
            }
            JsonNode to = n.get("to");
            return new ReplayRecord(text(n, "id"), text(n, "app"), text(n, "topic"), number(n, "partition").intValue(),
                    number(n, "from").longValue(), to == null || to.isNull() ? null : number(n, "to").longValue(),
                    number(n, "resumeAt").longValue(), text(n, "by"), Instant.parse(text(n, "at")), text(n, "reason"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Ferry replay record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.asText();
    }

    private static Number number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v.numberValue();
    }
}
