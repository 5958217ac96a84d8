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
 * with {@link #open} has no login: every request is {@link HubUser#ANONYMOUS}, with every role but
 * the on-call actions (an admin's POST), which need someone to name in the audit log.
 *
 * <p>Every POST is checked against forgery here too, so no state-changing route can be added
 * without it: one from another site ({@code Origin} not this hub's, or {@code null}) is refused; one
 * on a login session must carry the session's CSRF token, as the form field {@code csrf} or the
 * header {@value #CSRF_HEADER}; one through the API with a bearer token needs no token (no cookie
 * rides along, so another site cannot send it), and basic auth, which browsers resend by
 * themselves, may not change anything. Each refused POST is written to the audit log as
 * {@value AuditEntry#REFUSED}, naming who tried what.
 */
public final class HubAccess {

    /** The session cookie. */
    static final String SESSION_COOKIE = "ferry_session";
    /** The login form's CSRF cookie (double submit: the form carries the same value). */
    static final String LOGIN_CSRF_COOKIE = "ferry_login_csrf";
    /** The context attribute that holds the request's {@link HubUser}. */
    static final String USER = "ferry.hub.user";
    /** The header that carries a session's CSRF token on an API call that changes something. */
    public static final String CSRF_HEADER = "X-Ferry-CSRF";
    /** The context attribute saying how the request's user was authenticated. */
    private static final String VIA = "ferry.hub.via";
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
            if (route.method().equals("POST") && route.role() == Role.ADMIN) {
                throw refused(ctx, HubUser.ANONYMOUS.name(), "this hub has no login (ferry hub --open): on-call actions "
                        + "need an admin who logged in, to name in the audit log; use ferry skip or ferry replay");
            }
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
            String why = user.get().name() + " is a " + user.get().role().label() + "; " + route.path() + " needs the "
                    + route.role().label() + " role";
            if (route.method().equals("POST")) {
                throw refused(ctx, user.get().name(), why);
            }
            throw new ForbiddenResponse(why);
        }
        if (route.method().equals("POST")) {
            requireNotForged(ctx, user.get());
        }
    }

    /** Refuses a POST sent from another site, or without the session's CSRF token, or with basic auth. */
    private void requireNotForged(Context ctx, HubUser user) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameSite(origin, ctx.header("Host"))) {
            throw refused(ctx, user.name(), "this request was sent from another site (Origin " + origin + ")");
        }
        String via = ctx.attribute(VIA);
        if ("basic".equals(via)) {
            throw refused(ctx, user.name(), "basic auth cannot change anything (browsers resend it by themselves): use "
                    + "a bearer token, or a login session with the " + CSRF_HEADER + " header");
        }
        if (!"session".equals(via)) {
            return; // a bearer token: no cookie rides along, another site cannot send it
        }
        String expected = sessions.find(ctx.cookie(SESSION_COOKIE)).map(Sessions.Session::csrf).orElse(null);
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam("csrf");
        }
        if (!tokensEqual(expected, sent)) {
            throw refused(ctx, user.name(), sent == null ? "the request carries no CSRF token (the form field csrf, or "
                    + "the header " + CSRF_HEADER + "): reload the page" : "its CSRF token is not this session's: "
                    + "reload the page");
        }
    }

    /** Writes the refusal of a POST to the audit log, and returns the 403 to throw. */
    private ForbiddenResponse refused(Context ctx, String by, String why) {
        OnCallAttempt attempt = OnCallAttempt.of(ctx);
        audit.record(new AuditEntry(clock.instant(), by, AuditEntry.REFUSED, attempt.topic(),
                attempt.describe() + " refused: " + why));
        return new ForbiddenResponse(why);
    }

    static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/form-data"));
    }

    /** Whether {@code origin} is the site {@code host} names ({@code null}, the origin of a sandbox, is not). */
    static boolean sameSite(String origin, String host) {
        if (origin.equals("null") || host == null) {
            return false;
        }
        try {
            java.net.URI o = java.net.URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean tokensEqual(String a, String b) {
        return a != null && b != null && !a.isEmpty() && java.security.MessageDigest.isEqual(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<HubUser> fromSession(Context ctx) {
        Optional<HubUser> u = sessions.find(ctx.cookie(SESSION_COOKIE)).map(Sessions.Session::user);
        u.ifPresent(x -> ctx.attribute(VIA, "session"));
        return u;
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
            ctx.attribute(VIA, "bearer");
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
            ctx.attribute(VIA, "basic");
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

    /** The CSRF token of the request's login session, or empty (no session: an open hub, a token). */
    String csrf(Context ctx) {
        return session(ctx).map(Sessions.Session::csrf).orElse("");
    }

    private void failed(String name, String how) {
        audit.record(new AuditEntry(clock.instant(), name, AuditEntry.LOGIN_FAILED, "", how));
    }
}
