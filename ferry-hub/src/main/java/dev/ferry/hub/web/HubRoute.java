package dev.ferry.hub.web;

import dev.ferry.hub.access.Role;
import java.util.Objects;

/**
 * One route of the hub, as {@link RouteGuard}s see it: what it is and what it shows, so access
 * control can be decided per kind (every API call, say) or per route.
 *
 * @param path        the path as registered, with {@code {name}} parameters
 * @param kind        what it serves
 * @param description what it shows, for the route list at {@code /api} and the docs
 * @param role        the least role a user needs to use it ({@link Role#PUBLIC}: anyone, logged in or not)
 * @param method      {@code GET} or {@code POST}
 */
public record HubRoute(String path, Kind kind, String description, Role role, String method) {

    /** Checks every part is there: a route without a role cannot be registered. */
    public HubRoute {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(role, "role of " + path);
        Objects.requireNonNull(method, "method");
    }

    /** What a route serves. */
    public enum Kind {
        /** A whole HTML page. */
        PAGE,
        /** A part of a page that htmx fetches to refresh it. */
        FRAGMENT,
        /** JSON under {@code /api}. */
        API,
        /** A stylesheet or script. */
        ASSET
    }
}
