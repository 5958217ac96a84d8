package dev.ferry.engine;

import static dev.ferry.engine.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one app instance says about itself on the status topic (the profile's {@code status.topic},
 * compacted, key {@link #key(String, String) <app>/<instance>}): its {@link AppStatus} with who
 * and when, written on every change of state and as a heartbeat. It lets on-call tools (and later
 * the hub) tell HALTED and the failing event from outside the app, without its monitoring port.
 * One format, read and written only here, so the writer and the readers cannot drift apart.
 *
 * @param version      the format's version, {@value #VERSION}
 * @param app          the app's name
 * @param instance     the instance: the profile's instance-id, else {@code <host>-<pid>}
 * @param host         the host name the instance runs on
 * @param pid          its process id
 * @param reportedAt   when the report was written
 * @param heartbeat    how often the instance reports when nothing changes (a report older than
 *                     twice this is stale)
 * @param last         whether this is the instance's last report, written on a clean stop
 * @param status       the status
 */
public record StatusReport(int version, String app, String instance, String host, long pid, Instant reportedAt,
                           Duration heartbeat, boolean last, AppStatus status) {

    /** The format's version. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Checks every part is there. */
    public StatusReport {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(status, "status");
    }

    /** The record key of an instance's reports. */
    public static String key(String app, String instance) {
        return app + "/" + instance;
    }

    /** Whether the report is older than twice the heartbeat at {@code now}: the instance may be gone. */
    public boolean staleAt(Instant now) {
        return Duration.between(reportedAt, now).compareTo(heartbeat.multipliedBy(2)) > 0;
    }

    /** The report as one line of JSON. */
    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", version).put("app", app).put("instance", instance).put("host", host).put("pid", pid)
                .put("reportedAt", reportedAt.toString()).put("heartbeatMillis", heartbeat.toMillis()).put("last", last);
        n.put("state", status.state().name()).put("health", status.health().name())
                .put("healthReason", status.healthReason()).put("consumers", status.consumers())
                .put("partitions", status.partitions()).put("consumed", status.consumed())
                .put("emitted", status.emitted()).put("deadLettered", status.deadLettered()).put("lag", status.lag());
        status.failure().ifPresentOrElse(f -> {
            ObjectNode failure = n.putObject("failure");
            if (f.position() != null) {
                failure.put("topic", f.position().topic()).put("partition", f.position().partition())
                        .put("offset", f.position().offset());
            }
            failure.put("attempts", f.attempts()).put("error", f.message());
        }, () -> n.putNull("failure"));
        status.unreachable().ifPresentOrElse(u -> n.putObject("unreachable").put("since", u.since().toString())
                .put("forMillis", u.duration().toMillis()), () -> n.putNull("unreachable"));
        status.store().ifPresentOrElse(u -> n.putObject("storeUnavailable").put("since", u.since().toString())
                .put("forMillis", u.duration().toMillis()).put("reason", u.reason()),
                () -> n.putNull("storeUnavailable"));
        return n.toString();
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong, if it is not one
     */
    public static StatusReport parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonNode f = n.path("failure");
            Optional<AppStatus.Failure> failure = f.isObject()
                    ? Optional.of(new AppStatus.Failure(f.has("topic") ? new EventPosition(text(f, "topic"),
                    f.path("partition").asInt(), f.path("offset").asLong()) : null, f.path("attempts").asInt(),
                    text(f, "error"))) : Optional.empty();
            JsonNode u = n.path("unreachable");
            Optional<AppStatus.Unreachable> unreachable = u.isObject() ? Optional.of(new AppStatus.Unreachable(
                    Instant.parse(text(u, "since")), Duration.ofMillis(u.path("forMillis").asLong())))
                    : Optional.empty();
            JsonNode st = n.path("storeUnavailable");
            Optional<AppStatus.StoreUnavailable> store = st.isObject() ? Optional.of(new AppStatus.StoreUnavailable(
                    Instant.parse(text(st, "since")), Duration.ofMillis(st.path("forMillis").asLong()),
                    st.path("reason").asText(""))) : Optional.empty();
            AppStatus status = new AppStatus(text(n, "app"), AppStatus.State.valueOf(text(n, "state")),
                    n.path("consumers").asInt(), n.path("partitions").asInt(), n.path("consumed").asLong(),
                    n.path("emitted").asLong(), n.path("deadLettered").asLong(), failure,
                    AppStatus.Health.valueOf(text(n, "health")), n.path("healthReason").asText(""),
                    n.path("lag").asLong(), unreachable, store);
            return new StatusReport(n.path("version").asInt(), text(n, "app"), text(n, "instance"),
                    n.path("host").asText(""), n.path("pid").asLong(), Instant.parse(text(n, "reportedAt")),
                    Duration.ofMillis(n.path("heartbeatMillis").asLong()), n.path("last").asBoolean(), status);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Ferry status report: " + e.getMessage(), e);
        }
    }
}
