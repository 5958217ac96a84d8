package dev.ferry.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.ReplayRequest;
import dev.ferry.engine.SkipRecord;
import dev.ferry.hub.AppView;
import dev.ferry.hub.HubData;
import dev.ferry.hub.OnCallActions;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.HubUser;
import dev.ferry.hub.access.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The on-call actions of the hub: an admin skips the event a halted app is stuck at, or replays a
 * range of its input, from the app's page (a form, a confirmation page, the result) or through the
 * JSON API ({@code POST /api/apps/{name}/skip|replay}). Who may is decided before these handlers
 * run ({@link HubAccess}: the admin role, no forged request); here each action that is done is
 * written to the audit log as {@value AuditEntry#SKIP} or {@value AuditEntry#REPLAY}, and each
 * that is refused (bad input, or the cluster says no) as {@value AuditEntry#REFUSED}, naming who,
 * the app, the partition and the offsets. The actions themselves are the engine's, behind
 * {@link OnCallActions}: the same checks and records as {@code ferry skip} and {@code ferry replay}.
 */
final class OnCallPages {

    /** HTTP 409: the app's state does not allow it (not halted there, running members, ...). */
    private static final int CONFLICT = 409;

    private final HubData data;
    private final OnCallActions actions;
    private final HubAccess access;
    private final Templates templates;

    OnCallPages(HubData data, OnCallActions actions, HubAccess access, Templates templates) {
        this.data = data;
        this.actions = actions;
        this.access = access;
        this.templates = templates;
    }

    /** What the app's page shows of on-call: the halted events, and whether to offer the actions. */
    OnCallView view(Context ctx, AppView app) {
        HubUser user = HubAccess.user(ctx);
        boolean mayAct = !access.isOpen() && user.role().allows(Role.ADMIN);
        return new OnCallView(mayAct, mayAct ? access.csrf(ctx) : "", halted(app));
    }

    /** The events the live instances of {@code app} are halted at. */
    static List<OnCallView.Halted> halted(AppView app) {
        List<OnCallView.Halted> out = new ArrayList<>();
        for (AppView.Instance i : app.instances()) {
            if (!i.live() || i.status().isEmpty()) {
                continue;
            }
            AppStatus s = i.status().get().status();
            if (s.state() == AppStatus.State.HALTED && s.failure().isPresent() && s.failure().get().position() != null) {
                AppStatus.Failure f = s.failure().get();
                out.add(new OnCallView.Halted(i.announcement().instance(), f.position(), f.attempts(), f.message()));
            }
        }
        return out;
    }

    // --- skip ---

    void skipForm(Context ctx) {
        String app = app(ctx);
        EventPosition event = audited(ctx, () -> new EventPosition(required(ctx.formParam("topic"), "topic"),
                (int) number(ctx.formParam("partition"), "partition", true).longValue(),
                number(ctx.formParam("offset"), "offset", true)));
        String reason = audited(ctx, () -> reason(ctx.formParam("reason")));
        if (!"yes".equals(ctx.formParam("confirm"))) {
            Map<String, String> hidden = new LinkedHashMap<>();
            hidden.put("topic", event.topic());
            hidden.put("partition", String.valueOf(event.partition()));
            hidden.put("offset", String.valueOf(event.offset()));
            hidden.put("reason", reason);
            List<String> lines = new ArrayList<>();
            lines.add("The event at " + event + ".");
            data.app(app).map(OnCallPages::halted).orElse(List.of()).stream()
                    .filter(h -> h.event().equals(event))
                    .forEach(h -> lines.add("Instance '" + h.instance() + "' halted at it after " + h.attempts()
                            + " attempt(s): " + h.message()));
            lines.add("It is not processed, and the app goes on after it. Reason for the audit log: " + reason);
            render(ctx, new OnCallPage(app, "skip", false, "Skip this event of app '" + app + "'?", lines, hidden,
                    access.csrf(ctx)));
            return;
        }
        SkipRecord skip = skip(ctx, app, event, reason);
        render(ctx, new OnCallPage(app, "skip", true, "Skipped", List.of("The event at " + event + " of app '" + app
                + "' is skipped: recorded on the audit topic as " + skip.toJson() + ".", "A halted instance goes on "
                + "after it by itself; a stopped app was moved past it and starts after it."), Map.of(), ""));
    }

    void skipApi(Context ctx) {
        String app = app(ctx);
        JsonNode body = OnCallAttempt.json(ctx);
        EventPosition event = audited(ctx, () -> new EventPosition(required(text(body, "topic"), "topic"),
                (int) number(text(body, "partition"), "partition", true).longValue(),
                number(text(body, "offset"), "offset", true)));
        String reason = audited(ctx, () -> reason(text(body, "reason")));
        Api.json(ctx, Map.of("skipped", skip(ctx, app, event, reason)));
    }

    private SkipRecord skip(Context ctx, String app, EventPosition event, String reason) {
        HubUser user = HubAccess.user(ctx);
        SkipRecord skip = refusedIfSo(ctx, () -> actions.skip(app, event, user.name(), reason));
        record(ctx, AuditEntry.SKIP, event.topic(), "app '" + app + "': skipped partition " + event.partition()
                + " offset " + event.offset() + " (" + reason + ")");
        return skip;
    }

    // --- replay ---

    void replayForm(Context ctx) {
        String app = app(ctx);
        ReplayRequest request = audited(ctx, () -> request(app, ctx.formParam("topic"), ctx.formParam("partition"),
                ctx.formParam("from"), ctx.formParam("from-time"), ctx.formParam("to"), ctx.formParam("to-time")));
        String reason = audited(ctx, () -> reason(ctx.formParam("reason")));
        if (!"yes".equals(ctx.formParam("confirm"))) {
            ReplayPlan plan = refusedIfSo(ctx, () -> actions.planReplay(request));
            Map<String, String> hidden = new LinkedHashMap<>();
            for (String f : List.of("topic", "partition", "from", "from-time", "to", "to-time", "reason")) {
                String v = ctx.formParam(f);
                hidden.put(f, v == null ? "" : v);
            }
            hidden.put("plan", fingerprint(plan));
            List<String> lines = new ArrayList<>();
            plan.moves().forEach(m -> lines.add(m.where() + ": " + m.plan()));
            lines.add("Their outputs are written again. Reason for the audit log: " + reason);
            render(ctx, new OnCallPage(app, "replay", false, "Replay " + plan.events() + " event(s) of app '" + app
                    + "', in " + plan.moves().size() + " partition(s)?", lines, hidden, access.csrf(ctx)));
            return;
        }
        ReplayPlan plan = refusedIfSo(ctx, () -> actions.planReplay(request));
        if (!fingerprint(plan).equals(ctx.formParam("plan"))) {
            refusedIfSo(ctx, () -> {
                throw new OnCallException("the replay's plan changed since it was confirmed (the app's committed offsets "
                        + "moved): now " + String.join("; ", plan.moves().stream().map(m -> m.where() + ": " + m.plan())
                        .toList()) + "; look at it again");
            });
        }
        List<ReplayRecord> records = replay(ctx, plan, reason);
        List<String> lines = new ArrayList<>();
        records.forEach(r -> lines.add(move(r).where() + ": committed offset " + r.resumeAt() + " -> " + r.from() + ": "
                + move(r).plan()));
        lines.add("App '" + app + "' processes them when it starts.");
        render(ctx, new OnCallPage(app, "replay", true, "Replayed", lines, Map.of(), ""));
    }

    void replayApi(Context ctx) {
        String app = app(ctx);
        JsonNode body = OnCallAttempt.json(ctx);
        ReplayRequest request = audited(ctx, () -> request(app, text(body, "topic"), text(body, "partition"),
                text(body, "fromOffset"), text(body, "fromTime"), text(body, "toOffset"), text(body, "toTime")));
        String reason = audited(ctx, () -> reason(text(body, "reason")));
        if (body.path("dryRun").asBoolean(false)) {
            Api.json(ctx, Map.of("plan", refusedIfSo(ctx, () -> actions.planReplay(request))));
            return;
        }
        ReplayPlan plan = refusedIfSo(ctx, () -> actions.planReplay(request));
        Api.json(ctx, Map.of("replayed", replay(ctx, plan, reason)));
    }

    /** The moves of a plan as one line: what a confirmation agreed to, to compare with the plan carried out. */
    static String fingerprint(ReplayPlan plan) {
        return String.join(";", plan.moves().stream().map(m -> m.topic() + "/" + m.partition() + ":" + m.committed()
                + ":" + m.from() + ":" + m.to()).toList());
    }

    private List<ReplayRecord> replay(Context ctx, ReplayPlan plan, String reason) {
        HubUser user = HubAccess.user(ctx);
        List<ReplayRecord> records = refusedIfSo(ctx, () -> actions.replay(plan, user.name(), reason));
        String topics = String.join(", ", records.stream().map(ReplayRecord::topic).distinct().toList());
        String moves = String.join("; ", records.stream().map(r -> "partition " + r.partition() + " offsets " + r.from()
                + ".." + (r.to() == null ? "end" : r.to()) + ", goes on from " + r.resumeAt()).toList());
        record(ctx, AuditEntry.REPLAY, topics, "app '" + plan.app() + "': " + moves + " (" + reason + ")");
        return records;
    }

    private static ReplayPlan.Move move(ReplayRecord r) {
        return new ReplayPlan.Move(r.topic(), r.partition(), r.resumeAt(), r.from(), r.to());
    }

    static ReplayRequest request(String app, String topic, String partition, String from, String fromTime, String to,
                                 String toTime) {
        Long p = number(partition, "partition", false);
        try {
            return new ReplayRequest(app, blankToNull(topic), p == null ? null : p.intValue(),
                    number(from, "from", false), time(fromTime, "from-time"), number(to, "to", false),
                    time(toTime, "to-time"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), e);
        }
    }

    // --- input ---

    private static String app(Context ctx) {
        return ctx.pathParam("name");
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadRequest(field + " is missing");
        }
        return value.strip();
    }

    private static String reason(String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequest("say why (reason): it goes into the audit log with your name");
        }
        return value.strip();
    }

    private static Long number(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new BadRequest(field + " is missing");
            }
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0 || (field.equals("partition") && n > Integer.MAX_VALUE)) {
                throw new BadRequest(field + " must be a number from 0, got '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(field + " must be a number, got '" + value + "'", e);
        }
    }

    /** An instant ({@code 2026-12-01T10:00:00Z}), or a browser's local date and time, taken as UTC. */
    private static Instant time(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new BadRequest(field + " must be a time such as 2026-12-01T10:00:00Z, got '" + value + "'", e2);
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // --- audit ---

    /** Runs {@code step}; a bad input is recorded as refused and answered 400. */
    private <T> T audited(Context ctx, Supplier<T> step) {
        try {
            return step.get();
        } catch (BadRequest e) {
            refused(ctx, e.getMessage());
            throw e;
        }
    }

    /** Runs {@code action}; a refusal by the cluster is recorded and answered 409 with its sentence. */
    private <T> T refusedIfSo(Context ctx, Supplier<T> action) {
        try {
            return action.get();
        } catch (OnCallException e) {
            refused(ctx, e.getMessage());
            throw new HttpResponseException(CONFLICT, e.getMessage());
        }
    }

    private void refused(Context ctx, String why) {
        OnCallAttempt attempt = OnCallAttempt.of(ctx);
        record(ctx, AuditEntry.REFUSED, attempt.topic(), attempt.describe() + " refused: " + why);
    }

    private void record(Context ctx, String action, String topic, String detail) {
        AuditLog audit = access.audit();
        audit.record(new AuditEntry(access.clock().instant(), HubAccess.user(ctx).name(), action, topic, detail));
    }

    private void render(Context ctx, OnCallPage page) {
        ctx.html(templates.render("oncall.jte", page));
    }

    /**
     * The confirmation page of an action, or its result.
     *
     * @param app     the app
     * @param action  {@code skip} or {@code replay}
     * @param done    whether it is done (the result), or is to be confirmed
     * @param heading the question, or what was done
     * @param lines   what it does, or did
     * @param hidden  the form's fields to send again with {@code confirm=yes}
     * @param csrf    the session's CSRF token for that form
     */
    record OnCallPage(String app, String action, boolean done, String heading, List<String> lines,
                      Map<String, String> hidden, String csrf) {
    }

    /**
     * What an app's page shows of on-call.
     *
     * @param mayAct whether to offer Skip and Replay (an admin, logged in)
     * @param csrf   the session's CSRF token for their forms, or empty
     * @param halted the events its live instances are halted at
     */
    record OnCallView(boolean mayAct, String csrf, List<Halted> halted) {

        /** One instance halted at an event. */
        record Halted(String instance, EventPosition event, int attempts, String message) {
        }
    }
}
