package dev.ferry.hub.web;

import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.HubUser;
import dev.ferry.hub.access.Role;
import dev.ferry.hub.access.Users;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the hub, and how they say who they are: the users and tokens of a users file, the
 * login sessions, the audit log. Its {@link #guard()} runs before every route and decides by the
 * route's {@link HubRoute#role()}: a page without a login redirects to {@code /login}, an API call
 * without credentials is 401 (basic auth or a bearer token), a role too low is 403. A hub built
 * with {@link #open} has no login: every request is {@link HubUser#ANONYMOUS}, with every role.
 */
public final class HubAccess {

    /** The session cookie. */
    static final String SESSION_COOKIE = "ferry_session";
    /** The login form's CSRF cookie (double submit: the form carries the same value). */
    static final String LOGIN_CSRF_COOKIE = "ferry_login_csrf";
    /** The context attribute that holds the request's {@link HubUser}. */
    static final String USER = "ferry.hub.user";
    /** How long a session lasts without a request, by default. */
    public static final Duration DEFAULT_IDLE = Duration.ofHours(8);

    private final Users users;
    private final AuditLog audit;
    private final Sessions sessions;
    private final Clock clock;
    private final List<Authenticator> authenticators;

    private HubAccess(Users users, AuditLog audit, Duration idle, Clock clock) {
        this.users = users;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = clock;
        this.sessions = new Sessions(idle, clock);
        this.authenticators = users == null ? List.of() : List.of(this::fromSession, this::fromHeader);
    }

    /** No login: every request is {@link HubUser#ANONYMOUS}; peeks are still masked and audited. */
    public static HubAccess open(AuditLog audit) {
        return new HubAccess(null, audit, DEFAULT_IDLE, Clock.systemUTC());
    }

    /** Login with the users and tokens of {@code users}, sessions ending after 8 h without a request. */
    public static HubAccess of(Users users, AuditLog audit) {
        return of(users, audit, DEFAULT_IDLE, Clock.systemUTC());
    }

    /** The same, sessions expiring after {@code idle} without a request, on {@code clock}. */
    public static HubAccess of(Users users, AuditLog audit, Duration idle, Clock clock) {
        Objects.requireNonNull(users, "users");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("the session timeout must be positive, got " + idle);
        }
        return new HubAccess(users, audit, idle, clock);
    }

    /** Whether there is no login. */
    public boolean isOpen() {
        return users == null;
    }

    /** The audit log peeks and logins are written to. */
    public AuditLog audit() {
        return audit;
    }

    /** The guard of every route. */
    RouteGuard guard() {
        return this::check;
    }

    /** The user of a request that passed the guard ({@link HubUser#ANONYMOUS} on an open hub). */
    static HubUser user(Context ctx) {
        HubUser u = ctx.attribute(USER);
        return u == null ? HubUser.ANONYMOUS : u;
    }

    private void check(Context ctx, HubRoute route) {
        if (users == null) {
            ctx.attribute(USER, HubUser.ANONYMOUS);
            return;
        }
        Optional<HubUser> user = Optional.empty();
        for (Authenticator a : authenticators) {
            user = a.authenticate(ctx);
            if (user.isPresent()) {
                break;
            }
        }
        user.ifPresent(u -> ctx.attribute(USER, u));
        if (route.role() == Role.PUBLIC) {
            return;
        }
        if (user.isEmpty()) {
            if (route.kind() == HubRoute.Kind.PAGE && route.method().equals("GET")) {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.header("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                throw new RedirectResponse(HttpStatus.FOUND, "log in first");
            }
            if (route.kind() == HubRoute.Kind.API) {
                ctx.header("WWW-Authenticate", "Basic realm=\"Ferry hub\", charset=\"UTF-8\"");
            }
            throw new UnauthorizedResponse("log in first: a session, basic auth or a bearer token");
        }
        if (!user.get().role().allows(route.role())) {
            throw new ForbiddenResponse(user.get().name() + " is a " + user.get().role().label() + "; "
                    + route.path() + " needs the " + route.role().label() + " role");
        }
    }

    private Optional<HubUser> fromSession(Context ctx) {
        return sessions.find(ctx.cookie(SESSION_COOKIE)).map(Sessions.Session::user);
    }

    private Optional<HubUser> fromHeader(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !(ctx.path().equals("/api") || ctx.path().startsWith("/api/"))) {
            return Optional.empty();
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).strip();
            Optional<HubUser> u = users.token(token);
            if (u.isEmpty()) {
                failed("(a token)", "an unknown bearer token on " + ctx.path());
                throw new UnauthorizedResponse("unknown token");
            }
            return u;
        }
        if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new UnauthorizedResponse("the basic auth header is not Base64");
            }
            int colon = decoded.indexOf(':');
            String name = colon < 0 ? decoded : decoded.substring(0, colon);
            char[] password = (colon < 0 ? "" : decoded.substring(colon + 1)).toCharArray();
            Optional<HubUser> u = users.login(name, password);
            if (u.isEmpty()) {
                failed(name, "basic auth on " + ctx.path());
                throw new UnauthorizedResponse("wrong user or password");
            }
            return u;
        }
        throw new UnauthorizedResponse("the Authorization header is neither Basic nor Bearer");
    }

    // --- the login routes' side (LoginPages) ---

    /** Logs {@code name} in, or empty (and a failed login audited) if the password is wrong. */
    Optional<Sessions.Session> login(String name, char[] password) {
        Optional<HubUser> u = users.login(name, password);
        if (u.isEmpty()) {
            failed(name, "the login form");
            return Optional.empty();
        }
        audit.record(new AuditEntry(clock.instant(), u.get().name(), AuditEntry.LOGIN, "", "the login form, as "
                + u.get().role().label()));
        return Optional.of(sessions.open(u.get()));
    }

    Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(SESSION_COOKIE));
    }

    void logout(Sessions.Session s) {
        sessions.close(s.id());
        audit.record(new AuditEntry(clock.instant(), s.user().name(), AuditEntry.LOGOUT, "", ""));
    }

    Duration idle() {
        return sessions.idle();
    }

    Clock clock() {
        return clock;
    }

    private void failed(String name, String how) {
        audit.record(new AuditEntry(clock.instant(), name, AuditEntry.LOGIN_FAILED, "", how));
    }
}
