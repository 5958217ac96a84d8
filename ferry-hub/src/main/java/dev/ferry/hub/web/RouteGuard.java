package dev.ferry.hub.web;

import io.javalin.http.Context;

/**
 * Decides whether a request may reach a route, before its page or API handler runs: the seam for
 * access control (login, roles, masking), so it can be added without touching the pages. Every
 * route of the hub, assets included, passes through it. A guard that refuses throws a Javalin
 * {@code HttpResponseException} (such as {@code UnauthorizedResponse} or {@code ForbiddenResponse}) or
 * redirects; one that masks fields can put what the viewer may see on the context
 * ({@code ctx.attribute(...)}) for the handlers to honour. Called on Jetty's request threads,
 * concurrently.
 */
@FunctionalInterface
public interface RouteGuard {

    /** Lets every request through: login and roles are {@link HubAccess}'s, checked after this guard. */
    RouteGuard OPEN = (ctx, route) -> { };

    /**
     * Checks one request.
     *
     * @param ctx   the request
     * @param route the route it matched
     * @throws Exception to refuse it; Javalin's {@code HttpResponseException}s set the status
     */
    void check(Context ctx, HubRoute route) throws Exception;
}
