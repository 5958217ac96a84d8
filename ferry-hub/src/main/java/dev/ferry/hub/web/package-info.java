/**
 * The hub's web side: server-rendered pages (jte templates precompiled at build time, live parts
 * refreshed by htmx polling of fragments) and the JSON API under {@code /api}, both read from one
 * {@link dev.ferry.hub.HubData}. Every route is registered in {@code HubRoutes}, where each handler
 * is wrapped by the {@link dev.ferry.hub.web.RouteGuard}: the seam where access control goes.
 */
package dev.ferry.hub.web;
