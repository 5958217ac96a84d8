package dev.ferry.hub.web;

import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.HubUser;
import dev.ferry.hub.access.Role;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The login form, logout, the who-am-I fragment in every page's header and the audit page. Cookies
 * are HttpOnly and SameSite=Strict, Secure when the request came over TLS; every POST carries a
 * CSRF token (the login form's in a cookie of its own, double submit; logout's in the session) and
 * is refused if its {@code Origin} is another site.
 */
final class LoginPages {

    private static final int AUDIT_ROWS = 500;

    private final HubAccess access;
    private final Templates templates;

    LoginPages(HubAccess access, Templates templates) {
        this.access = access;
        this.templates = templates;
    }

    void loginPage(Context ctx) {
        if (access.isOpen()) {
            ctx.redirect("/topics");
            return;
        }
        renderLogin(ctx, "");
    }

    private void renderLogin(Context ctx, String error) {
        // one token per browser, kept while it has one: a second login page (another tab, the favicon's redirect)
        // must not invalidate the form already shown
        String csrf = ctx.cookie(HubAccess.LOGIN_CSRF_COOKIE);
        if (csrf == null || csrf.length() < 40) {
            csrf = Sessions.random();
            ctx.cookie(cookie(ctx, HubAccess.LOGIN_CSRF_COOKIE, csrf, "/login", -1));
        }
        ctx.html(templates.render("login.jte", new PageModels.Login(safeNext(ctx.queryParam("next")), csrf, error)));
    }

    void login(Context ctx) {
        if (access.isOpen()) {
            ctx.redirect("/topics");
            return;
        }
        sameOrigin(ctx);
        String expected = ctx.cookie(HubAccess.LOGIN_CSRF_COOKIE);
        if (!equal(expected, ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("the login form's CSRF token does not match: reload the login page");
        }
        String name = Optional.ofNullable(ctx.formParam("user")).orElse("").strip();
        char[] password = Optional.ofNullable(ctx.formParam("password")).orElse("").toCharArray();
        Optional<Sessions.Session> s = access.login(name, password);
        if (s.isEmpty()) {
            ctx.status(401);
            renderLogin(ctx, "Wrong user or password.");
            return;
        }
        ctx.cookie(cookie(ctx, HubAccess.SESSION_COOKIE, s.get().id(), "/", -1));
        ctx.cookie(cookie(ctx, HubAccess.LOGIN_CSRF_COOKIE, "", "/login", 0));
        ctx.redirect(safeNext(ctx.formParam("next")));
    }

    void logout(Context ctx) {
        sameOrigin(ctx);
        Optional<Sessions.Session> s = access.session(ctx);
        if (s.isPresent()) {
            if (!equal(s.get().csrf(), ctx.formParam("csrf"))) {
                throw new ForbiddenResponse("the logout form's CSRF token does not match this session");
            }
            access.logout(s.get());
        }
        ctx.cookie(cookie(ctx, HubAccess.SESSION_COOKIE, "", "/", 0));
        ctx.redirect(access.isOpen() ? "/topics" : "/login");
    }

    void session(Context ctx) {
        HubUser user = HubAccess.user(ctx);
        boolean known = access.isOpen() || ctx.attribute(HubAccess.USER) != null;
        String csrf = access.session(ctx).map(Sessions.Session::csrf).orElse("");
        ctx.html(templates.render("session.jte", new PageModels.Session(known ? user.name() : "",
                user.role().label(), user.role().allows(Role.ADMIN) && known, access.isOpen(), csrf)));
    }

    void auditPage(Context ctx) {
        List<AuditEntry> entries = List.of();
        String error = "";
        try {
            entries = access.audit().recent(AUDIT_ROWS);
        } catch (RuntimeException e) {
            error = e.getMessage();
            ctx.status(503);
        }
        ctx.html(templates.render("audit.jte", new PageModels.Audit(entries, error)));
    }

    void auditApi(Context ctx) {
        int limit = AUDIT_ROWS;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new BadRequest("limit must be a number, got '" + l + "'", e);
            }
            if (limit < 1 || limit > 5000) {
                throw new BadRequest("limit must be from 1 to 5000, got " + limit);
            }
        }
        Api.json(ctx, access.audit().recent(limit));
    }

    /** The audit log, for the pages and API that write to it. */
    AuditLog audit() {
        return access.audit();
    }

    private static Cookie cookie(Context ctx, String name, String value, String path, int maxAge) {
        boolean tls = ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(name, value, path, maxAge, tls, true, null, SameSite.STRICT);
    }

    /** Refuses a POST whose Origin header names another site than the one it was sent to. */
    private static void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return;
        }
        String host = ctx.header("Host");
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (host != null && host.equalsIgnoreCase(authority)) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ForbiddenResponse("this form was sent from another site (" + origin + ")");
    }

    /** Where to go after login: a path on this hub, never another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login")) {
            return "/topics";
        }
        return next;
    }

    private static boolean equal(String a, String b) {
        return a != null && b != null && !a.isEmpty()
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
