package dev.ferry.hub.web;

import dev.ferry.hub.HubData;
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

    HubRoutes(HubData data, Duration refresh) {
        Templates templates = new Templates();
        this.pages = new Pages(data, templates, refresh);
        Api api = new Api(data, this::routes);
        Assets assets = Assets.load();

        asset("/assets/hub.css", "the stylesheet", ctx -> ctx.contentType("text/css; charset=utf-8").result(assets.css()));
        asset("/assets/htmx.min.js", "htmx, from its webjar",
                ctx -> ctx.contentType("text/javascript; charset=utf-8").result(assets.htmx()));

        page("/", "redirects to /topics", pages::home);
        page("/topics", "topics with rates, consumers, producers and lag; ?q= &sort=name|rate|lag &internal=true",
                pages::topics);
        fragment("/topics/rows", "the topics table's rows, polled by htmx", pages::topicRows);
        page("/topics/{name}", "a topic: partitions, rate chart, schema, producers, consumers and a peek at events "
                + "(?partition= &offset= &time= &limit=)", pages::topic);
        page("/consumers", "every consumer group: lag per partition, members, verdict", pages::consumers);
        fragment("/consumers/live", "the groups, polled by htmx", pages::consumersLive);
        page("/consumers/{group}", "one consumer group", pages::consumer);
        fragment("/consumers/{group}/live", "one group, polled by htmx", pages::consumerLive);
        page("/apps", "the catalog of Ferry apps", pages::apps);
        page("/apps/{name}", "one Ferry app: instances and their status, inputs, outputs, schemas, runbook", pages::app);
        page("/lineage", "the graph of topics and apps, and each chain's latency", pages::lineage);

        api("/api", "this list", api::index);
        api("/api/topics", "every topic (?q= &sort=name|rate|lag &internal=false to hide internal ones)", api::topics);
        api("/api/topics/{name}", "one topic in detail", api::topic);
        api("/api/topics/{name}/events", "recent events, newest first (?partition= &offset= &time= &limit=)",
                api::events);
        api("/api/consumers", "every consumer group", api::consumers);
        api("/api/consumers/{group}", "one consumer group", api::consumer);
        api("/api/apps", "the catalog of Ferry apps", api::apps);
        api("/api/apps/{name}", "one Ferry app", api::app);
        api("/api/lineage", "the lineage graph and each chain's latency", api::lineage);
        api("/api/<rest>", "any other /api path: 404", api::notFound);
        page("/<rest>", "any other path: the 404 page", pages::notFound);
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
            config.get(route.path(), ctx -> {
                guard.check(ctx, route);
                handler.handle(ctx);
            });
        }
        config.exception(NotFound.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
        config.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
        config.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), "Refused", e.getMessage()));
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

    private void page(String path, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.PAGE, description), handler));
    }

    private void fragment(String path, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.FRAGMENT, description), handler));
    }

    private void api(String path, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.API, description), handler));
    }

    private void asset(String path, String description, Handler handler) {
        entries.add(new Entry(new HubRoute(path, HubRoute.Kind.ASSET, description), handler));
    }
}
