package dev.ferry.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a POST asked for, as the audit log names it, read the same way for a form and a JSON body
 * so that a refused attempt is recorded as precisely as a done one: the app, and the topic,
 * partition and offsets it named ({@code skip of app 'meters': topic 'm' partition 2 offset 13}).
 *
 * @param action what was asked: {@code skip}, {@code replay}, or the method and path of another POST
 * @param app    the app, or empty
 * @param topic  the topic named, or empty
 * @param fields the partition and offsets named, in the order given, as sent
 */
record OnCallAttempt(String action, String app, String topic, Map<String, String> fields) {

    /** The fields that name where: the audit log shows them when they were sent. */
    static final List<String> WHERE = List.of("partition", "offset", "from", "to", "fromOffset", "toOffset", "fromTime",
            "toTime", "from-time", "to-time");

    /** What {@code ctx} asks for; an unreadable body names no fields. */
    static OnCallAttempt of(Context ctx) {
        String path = ctx.path();
        String action = path.endsWith("/skip") ? "skip" : path.endsWith("/replay") ? "replay"
                : ctx.method() + " " + path;
        String app = ctx.pathParamMap().getOrDefault("name", "");
        Map<String, String> fields = new LinkedHashMap<>();
        String topic = "";
        if (HubAccess.isForm(ctx)) {
            topic = blankToEmpty(ctx.formParam("topic"));
            for (String f : WHERE) {
                String v = ctx.formParam(f);
                if (v != null && !v.isBlank()) {
                    fields.put(f, v.strip());
                }
            }
        } else if (ctx.contentType() != null && ctx.contentType().startsWith("application/json")) {
            JsonNode body = json(ctx);
            topic = body.path("topic").isValueNode() ? body.path("topic").asText("") : "";
            for (String f : WHERE) {
                JsonNode v = body.get(f);
                if (v != null && v.isValueNode() && !v.isNull()) {
                    fields.put(f, v.asText());
                }
            }
        }
        return new OnCallAttempt(action, app, topic, fields);
    }

    /** {@code skip of app 'meters': topic 'm' partition 2 offset 13}. */
    String describe() {
        StringBuilder b = new StringBuilder(action);
        if (!app.isEmpty()) {
            b.append(" of app '").append(app).append("'");
        }
        if (!topic.isEmpty() || !fields.isEmpty()) {
            b.append(":");
            if (!topic.isEmpty()) {
                b.append(" topic '").append(topic).append("'");
            }
            fields.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v));
        }
        return b.toString();
    }

    /** The JSON body, or an empty object if it is none. */
    static JsonNode json(Context ctx) {
        try {
            JsonNode n = HubJson.MAPPER.readTree(ctx.body());
            return n == null || !n.isObject() ? HubJson.MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return HubJson.MAPPER.createObjectNode();
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
