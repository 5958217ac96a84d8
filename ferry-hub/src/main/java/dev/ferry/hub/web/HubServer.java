package dev.ferry.hub.web;

import dev.ferry.hub.HubData;
import dev.ferry.hub.OnCallActions;
import dev.ferry.hub.access.AuditLog;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The web hub: its pages and its JSON API under {@code /api}, served by Javalin from one
 * {@link HubData}. Binds to {@value #DEFAULT_HOST} unless told otherwise, so a hub started on a
 * laptop is not reachable from the network; asks for a login unless started {@link Options#open()}
 * (see {@link HubAccess}). Close it to stop serving.
 *
 * <pre>{@code
 * try (HubServer hub = HubServer.start(data, HubServer.Options.secured(HubAccess.of(users, audit)).port(0))) {
 *     System.out.println(hub.url());
 * }
 * }</pre>
 */
public final class HubServer implements AutoCloseable {

    /** The address the hub binds to by default: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port {@code ferry hub} serves on by default. */
    public static final int DEFAULT_PORT = 8090;
    /** How often the live parts of the pages refresh by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    private final Javalin app;
    private final String host;
    private final List<HubRoute> routes;

    private HubServer(Javalin app, String host, List<HubRoute> routes) {
        this.app = app;
        this.host = host;
        this.routes = routes;
    }

    /**
     * How to serve.
     *
     * @param host    the address to bind to
     * @param port    the port; 0 for any free one
     * @param refresh how often the pages' live parts (rates, lag, verdicts) refresh, at least 1 s
     * @param guard   what every request passes first, before {@code access} checks it
     * @param access  who may use the hub: login, roles, audit
     */
    public record Options(String host, int port, Duration refresh, RouteGuard guard, HubAccess access) {

        /** Checks the options. */
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(refresh, "refresh");
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(access, "access");
            if (host.isBlank()) {
                throw new IllegalArgumentException("the hub's bind address is empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the hub's port must be from 0 to 65535, got " + port);
            }
            if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the hub's refresh must be at least 1s, got " + refresh);
            }
        }

        /**
         * {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, refreshing every 5 s, with no login: every
         * request may see everything (peeks still masked), the audit log kept in memory. Say so only
         * on purpose ({@code ferry hub --open}).
         */
        public static Options open() {
            return secured(HubAccess.open(AuditLog.inMemory(10_000)));
        }

        /** {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, refreshing every 5 s, users logging in through {@code access}. */
        public static Options secured(HubAccess access) {
            return new Options(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REFRESH, RouteGuard.OPEN, access);
        }

        /** The same, on {@code port}. */
        public Options port(int port) {
            return new Options(host, port, refresh, guard, access);
        }

        /** The same, bound to {@code host}. */
        public Options host(String host) {
            return new Options(host, port, refresh, guard, access);
        }

        /** The same, refreshing every {@code refresh}. */
        public Options refresh(Duration refresh) {
            return new Options(host, port, refresh, guard, access);
        }

        /** The same, with every request passing {@code guard} first. */
        public Options guard(RouteGuard guard) {
            return new Options(host, port, refresh, guard, access);
        }
    }

    /**
     * Starts serving, with no on-call actions ({@link OnCallActions#NONE}: Skip and Replay are refused).
     *
     * @throws IllegalStateException naming the address, if it cannot bind there
     */
    public static HubServer start(HubData data, Options options) {
        return start(data, OnCallActions.NONE, options);
    }

    /**
     * Starts serving, admins skipping and replaying through {@code actions}.
     *
     * @throws IllegalStateException naming the address, if it cannot bind there
     */
    public static HubServer start(HubData data, OnCallActions actions, Options options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(actions, "actions");
        HubRoutes routes = new HubRoutes(data, actions, options.refresh(), options.access());
        RouteGuard access = options.access().guard();
        RouteGuard guard = (ctx, route) -> {
            options.guard().check(ctx, route);
            access.check(ctx, route);
        };
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = options.host();
            cfg.jetty.port = options.port();
            routes.register(cfg.routes, guard);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("the hub cannot serve on " + options.host() + ":" + options.port() + ": "
                    + rootMessage(e), e);
        }
        return new HubServer(app, options.host(), routes.routes());
    }

    /** The port it serves on. */
    public int port() {
        return app.port();
    }

    /** Its address, such as {@code http://127.0.0.1:8090}. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port();
    }

    /** Every route it serves, in the order they are matched. */
    public List<HubRoute> routes() {
        return routes;
    }

    /** Stops serving. */
    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
