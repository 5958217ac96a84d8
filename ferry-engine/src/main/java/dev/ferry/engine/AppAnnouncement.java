package dev.ferry.engine;

import static dev.ferry.engine.JsonFields.array;
import static dev.ferry.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one app instance says it is, on the announcement topic (the profile's
 * {@code announce.topic}, compacted, key {@link #key(String, String) <app>/<instance>}): its name,
 * owner, what it reads and writes with the schemas of its outputs, its guarantee, and where its
 * runbook and monitoring endpoint are. Written at start, on change, and with {@link #stopped()} on
 * a clean stop, so a catalog (the hub, {@code ferry apps}) can be built from the topic alone,
 * without the apps' code and without any reader running while they start. Its live state is in
 * the {@link StatusReport}s of the status topic, under the same key. One format, read and written
 * only here, so writer and readers cannot drift apart.
 *
 * @param version     the format's version, {@value #VERSION}
 * @param app         the app's name
 * @param description what it does, as its author wrote it; empty if not given
 * @param owner       who owns it (a team or a person); empty if not given
 * @param appVersion  the version of the app's code (its jar's {@code Implementation-Version}); empty if unknown
 * @param instance    the instance: the profile's instance-id, else {@code <host>-<pid>}
 * @param host        the host name the instance runs on
 * @param pid         its process id
 * @param inputs      the topics it reads
 * @param inputFormat the format of its input events, such as {@code json}
 * @param outputs     the topics it writes, each with its format and schema
 * @param guarantee   its delivery guarantee, as the profile names it ({@code at-least-once}, ...)
 * @param writeBack   how it writes its outputs ({@code direct} or {@code proxy})
 * @param runbook     where its runbook is (the profile's {@code alerts.runbook-url} for this app); empty if none
 * @param monitoring  the base address of its monitoring endpoint ({@code http://host:port}); empty if it has none
 * @param startedAt   when the instance started
 * @param announcedAt when this announcement was written
 * @param stopped     whether the instance stopped cleanly; its last announcement
 */
public record AppAnnouncement(int version, String app, String description, String owner, String appVersion,
                              String instance, String host, long pid, List<String> inputs, String inputFormat,
                              List<Output> outputs, String guarantee, String writeBack, String runbook,
                              String monitoring, Instant startedAt, Instant announcedAt, boolean stopped) {

    /** The format's version. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One output topic of an app.
     *
     * @param topic    the topic
     * @param format   the format of its events, such as {@code json} or {@code avro}
     * @param language the schema's language, such as {@code json-schema} or {@code avro}
     * @param schema   the schema document its events are validated against
     */
    public record Output(String topic, String format, String language, String schema) {

        /** Checks every part is there. */
        public Output {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** Checks every part is there, and copies the lists. */
    public AppAnnouncement {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(host, "host");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(inputFormat, "inputFormat");
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(writeBack, "writeBack");
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(announcedAt, "announcedAt");
    }

    /** The record key of an instance's announcements: the same as its {@linkplain StatusReport#key status reports}'. */
    public static String key(String app, String instance) {
        return StatusReport.key(app, instance);
    }

    /** The same announcement, written at {@code at}, saying the instance stopped cleanly. */
    public AppAnnouncement stoppedAt(Instant at) {
        return new AppAnnouncement(version, app, description, owner, appVersion, instance, host, pid, inputs,
                inputFormat, outputs, guarantee, writeBack, runbook, monitoring, startedAt, at, true);
    }

    /** The announcement as one line of JSON. */
    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", version).put("app", app).put("description", description).put("owner", owner)
                .put("appVersion", appVersion).put("instance", instance).put("host", host).put("pid", pid);
        ArrayNode in = n.putArray("inputs");
        inputs.forEach(in::add);
        n.put("inputFormat", inputFormat);
        ArrayNode out = n.putArray("outputs");
        for (Output o : outputs) {
            out.addObject().put("topic", o.topic()).put("format", o.format()).put("language", o.language())
                    .put("schema", o.schema());
        }
        n.put("guarantee", guarantee).put("writeBack", writeBack).put("runbook", runbook)
                .put("monitoring", monitoring).put("startedAt", startedAt.toString())
                .put("announcedAt", announcedAt.toString()).put("stopped", stopped);
        return n.toString();
    }

    /**
     * Reads an announcement written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong, if it is not one
     */
    public static AppAnnouncement parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            List<String> inputs = new ArrayList<>();
            for (JsonNode t : array(n, "inputs")) {
                inputs.add(t.asText());
            }
            List<Output> outputs = new ArrayList<>();
            for (JsonNode o : array(n, "outputs")) {
                outputs.add(new Output(text(o, "topic"), text(o, "format"), text(o, "language"), text(o, "schema")));
            }
            return new AppAnnouncement(n.path("version").asInt(), text(n, "app"), n.path("description").asText(""),
                    n.path("owner").asText(""), n.path("appVersion").asText(""), text(n, "instance"),
                    n.path("host").asText(""), n.path("pid").asLong(), inputs, n.path("inputFormat").asText(""),
                    outputs, n.path("guarantee").asText(""), n.path("writeBack").asText(""),
                    n.path("runbook").asText(""), n.path("monitoring").asText(""),
                    Instant.parse(text(n, "startedAt")), Instant.parse(text(n, "announcedAt")),
                    n.path("stopped").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Ferry app announcement: " + e.getMessage(), e);
        }
    }
}
