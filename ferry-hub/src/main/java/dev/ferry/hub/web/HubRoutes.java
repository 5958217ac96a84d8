package dev.ferry.hub.web;

import static dev.ferry.hub.access.Role.ADMIN;
import static dev.ferry.hub.access.Role.PUBLIC;
import static dev.ferry.hub.access.Role.READER;
import static dev.ferry.hub.access.Role.VIEWER;
import static dev.ferry.hub.web.HubRoute.Kind.API;
import static dev.ferry.hub.web.HubRoute.Kind.PAGE;

import dev.ferry.hub.HubData;
import dev.ferry.hub.OnCallActions;
import dev.ferry.hub.access.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the hub, in one list, and the one place they are registered with Javalin. Each
 * handler is wrapped so the {@link RouteGuard} runs before it, with the {@link HubRoute} it
 * matched: access control is added by passing a guard, not by editing pages. Errors are mapped
 * here too: a {@link NotFound} is 404, a {@link BadRequest} 400, anything else 500 with its
 * message; JSON under {@code /api}, an error page elsewhere.
 */
final class HubRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(HubRoutes.class);

    private record Entry(HubRoute route, Handler handler) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Pages pages;

    HubRoutes(HubData data, OnCallActions actions, Duration refresh, HubAccess access) {
        Templates templates = new Templates();
        Peeks peeks = new Peeks(data, access.audit(), access.clock());
        OnCallPages oncall = new OnCallPages(data, actions, access, templates);
        this.pages = new Pages(data, peeks, templates, refresh, oncall);
        Api api = new Api(data, peeks, this::routes);
        LoginPages login = new LoginPages(access, templates);
        Assets assets = Assets.load();

        page("/login", PUBLIC, "the login form (?next=)", login::loginPage);
        post("/login", PAGE, PUBLIC, "logs in: user, password, csrf, next", login::login);
        post("/logout", PAGE, VIEWER, "logs out: csrf", login::logout);
        fragment("/session", PUBLIC, "who is logged in, in every page's header", login::session);
        page("/audit", ADMIN, "the audit log: peeks, logins, skips and replays, newest first", login::auditPage);
        api("/api/audit", ADMIN, "the audit log, newest first (?limit=)", login::auditApi);
        asset("/assets/hub.css", "the stylesheet", ctx -> ctx.contentType("text/css; charset=utf-8").result(assets.css()));
        asset("/assets/htmx.min.js", "htmx, from its webjar",
                ctx -> ctx.contentType("text/javascript; charset=utf-8").result(assets.htmx()));

        page("/", VIEWER, "redirects to /topics", pages::home);
        page("/topics", VIEWER, "topics with rates, consumers, producers and lag; ?q= &sort=name|rate|lag &internal=true",
                pages::topics);
        fragment("/topics/rows", VIEWER, "the topics table's rows, polled by htmx", pages::topicRows);
        page("/topics/{name}", VIEWER, "a topic: partitions, rate chart, schema, producers, consumers and, for readers, "
                + "a peek at events (?partition= &offset= &time= &limit=)", pages::topic);
        page("/consumers", VIEWER, "every consumer group: lag per partition, members, verdict", pages::consumers);
        fragment("/consumers/live", VIEWER, "the groups, polled by htmx", pages::consumersLive);
        page("/consumers/{group}", VIEWER, "one consumer group", pages::consumer);
        fragment("/consumers/{group}/live", VIEWER, "one group, polled by htmx", pages::consumerLive);
        page("/apps", VIEWER, "the catalog of Ferry apps", pages::apps);
        page("/apps/{name}", VIEWER, "one Ferry app: instances and their status, inputs, outputs, schemas, runbook", pages::app);
        post("/apps/{name}/skip", PAGE, ADMIN, "skips the event a halted app is stuck at: topic, partition, offset, "
                + "reason, csrf; asks to confirm (confirm=yes), audited", oncall::skipForm);
        post("/apps/{name}/replay", PAGE, ADMIN, "replays a stopped app's input: topic, partition, from, to or from-time, "
                + "to-time, reason, csrf; shows the plan to confirm (confirm=yes), audited", oncall::replayForm);
        page("/lineage", VIEWER, "the graph of topics and apps, and each chain's latency", pages::lineage);

        api("/api", VIEWER, "this list", api::index);
        api("/api/topics", VIEWER, "every topic (?q= &sort=name|rate|lag &internal=false to hide internal ones)", api::topics);
        api("/api/topics/{name}", VIEWER, "one topic in detail", api::topic);
        api("/api/topics/{name}/events", READER, "recent events, newest first, sensitive fields masked (?partition= &offset= &time= &limit=)",
                api::events);
        api("/api/consumers", VIEWER, "every consumer group", api::consumers);
        api("/api/consumers/{group}", VIEWER, "one consumer group", api::consumer);
        api("/api/apps", VIEWER, "the catalog of Ferry apps", api::apps);
        api("/api/apps/{name}", VIEWER, "one Ferry app", api::app);
        post("/api/apps/{name}/skip", API, ADMIN, "skips the event a halted app is stuck at: JSON {topic, partition, "
                + "offset, reason}; a bearer token, or a session with the " + HubAccess.CSRF_HEADER + " header", oncall::skipApi);
        post("/api/apps/{name}/replay", API, ADMIN, "replays a stopped app's input: JSON {topic, partition, fromOffset "
                + "| fromTime, toOffset | toTime, reason, dryRun}; a bearer token, or a session with the "
                + HubAccess.CSRF_HEADER + " header", oncall::replayApi);
        api("/api/lineage", VIEWER, "the lineage graph and each chain's latency", api::lineage);
        api("/api/<rest>", VIEWER, "any other /api path: 404", api::notFound);
        page("/<rest>", VIEWER, "any other path: the 404 page", pages::notFound);
    }

    /** Every route, in the order they are matched. */
    List<HubRoute> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /** Registers every route, each behind {@code guard}, and the error mapping. */
    void register(RoutesConfig config, RouteGuard guard) {
        for (Entry e : entries) {
            HubRoute route = e.route();
            Handler handler = e.handler();
            Handler guarded = ctx -> {
                guard.check(ctx, route);
                handler.handle(ctx);
            };
            if (route.method().equals("POST")) {
                config.post(route.path(), guarded);
            } else {
                config.get(route.path(), guarded);
            }
        }
        config.exception(NotFound.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
        config.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
        config.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 302 && ctx.res().getHeader("Location") != null) {
                ctx.status(302);
                return;
            }
            error(ctx, e.getStatus(), "Refused", e.getMessage());
        });
        config.exception(Exception.class, (e, ctx) -> {
            LOG.warn("hub: {} failed", ctx.path(), e);
            error(ctx, 500, "The hub failed", "The hub could not serve " + ctx.path() + ": " + e);
        });
    }

    private void error(Context ctx, int status, String title, String message) {
        ctx.status(status);
        if (ctx.path().equals("/api") || ctx.path().startsWith("/api/")) {
            Api.json(ctx, Api.error(status, message));
        } else {
            ctx.html(pages.error(status, title, message));
        }
    }

    private void page(String path, Role role, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.PAGE, description, role, "GET"), handler));
    }

    private void fragment(String path, Role role, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.FRAGMENT, description, role, "GET"), handler));
    }

    private void api(String path, Role role, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.API, description, role, "GET"), handler));
    }

    private void post(String path, HubRoute.Kind kind, Role role, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, kind, description, role, "POST"), handler));
    }

    private void asset(String path, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.ASSET, description, PUBLIC, "GET"), handler));
    }
}
