package dev.ferry.hub.web;

/**
 * One route of the hub, as {@link RouteGuard}s see it: what it is and what it shows, so access
 * control can be decided per kind (every API call, say) or per route.
 *
 * @param path        the path as registered, with {@code {name}} parameters
 * @param kind        what it serves
 * @param description what it shows, for the route list at {@code /api} and the docs
 */
public record HubRoute(String path, Kind kind, String description) {

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
