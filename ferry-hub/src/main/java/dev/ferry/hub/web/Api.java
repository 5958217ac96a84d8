package dev.ferry.hub.web;

import dev.ferry.hub.HubData;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.PeekRequest;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON API under {@code /api}: the read model's views as they are, one per page. Errors are
 * JSON too ({@code {"status": 404, "message": "..."}}), written by {@link HubRoutes}.
 */
final class Api {

    private final HubData data;
    private final Peeks peeks;
    private final Supplier<List<HubRoute>> routes;

    Api(HubData data, Peeks peeks, Supplier<List<HubRoute>> routes) {
        this.data = data;
        this.peeks = peeks;
        this.routes = routes;
    }

    void index(Context ctx) {
        List<Map<String, String>> list = routes.get().stream()
                .filter(r -> r.kind() == HubRoute.Kind.API && !r.path().contains("<"))
                .map(r -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("path", r.path());
                    m.put("description", r.description());
                    m.put("role", r.role().label());
                    m.put("method", r.method());
                    return m;
                }).toList();
        json(ctx, Map.of("routes", list));
    }

    void topics(Context ctx) {
        TopicListing listing = TopicListing.of(ctx.queryParam("q"), ctx.queryParam("sort"), ctx.queryParam("internal"),
                true);
        json(ctx, listing.apply(data.topics()));
    }

    void topic(Context ctx) {
        String name = ctx.pathParam("name");
        json(ctx, data.topic(name).orElseThrow(() -> new NotFound("there is no topic '" + name + "'")));
    }

    void events(Context ctx) {
        String name = ctx.pathParam("name");
        TopicDetail detail = data.topic(name).orElseThrow(() -> new NotFound("there is no topic '" + name + "'"));
        PeekRequest request = new PeekQuery(ctx.queryParam("partition"), ctx.queryParam("offset"),
                ctx.queryParam("time"), ctx.queryParam("limit")).request();
        try {
            json(ctx, peeks.peek(HubAccess.user(ctx), name, detail, request));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), e);
        }
    }

    void consumers(Context ctx) {
        json(ctx, data.consumers());
    }

    void consumer(Context ctx) {
        String group = ctx.pathParam("group");
        json(ctx, data.consumer(group).orElseThrow(() -> new NotFound("there is no consumer group '" + group + "'")));
    }

    void apps(Context ctx) {
        json(ctx, data.apps());
    }

    void app(Context ctx) {
        String name = ctx.pathParam("name");
        json(ctx, data.app(name).orElseThrow(() -> new NotFound("there is no Ferry app '" + name + "'")));
    }

    void lineage(Context ctx) {
        json(ctx, data.lineage());
    }

    void notFound(Context ctx) {
        throw new NotFound("there is no API route " + ctx.path() + ": see /api for the list");
    }

    static void json(Context ctx, Object value) {
        ctx.contentType("application/json; charset=utf-8").result(HubJson.write(value));
    }

    /** The body of an error: its status and its sentence. */
    static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return body;
    }
}
