package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.Masking;
import dev.ferry.hub.access.PasswordHash;
import dev.ferry.hub.access.Role;
import dev.ferry.hub.access.Users;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, roles per route, masking and the audit log, on a real hub over an in-memory read model. */
class HubSecurityTest {

    static final String TOKEN = PasswordHash.newToken();

    /** viewer/reader/admin with passwords "<name>-pw", and a reader token. */
    static Users users() {
        List<String> lines = new ArrayList<>();
        for (String role : List.of("viewer", "reader", "admin")) {
            lines.add("user " + role + " " + role + " "
                    + PasswordHash.hash((role + "-pw").toCharArray(), PasswordHash.MIN_ITERATIONS));
        }
        lines.add("token ci reader " + PasswordHash.tokenHash(TOKEN));
        return Users.parse(lines, "test users");
    }

    private final MutableClock clock = new MutableClock();
    private InMemoryHubData data;
    private AuditLog audit;
    private HubServer hub;

    @BeforeEach
    void start() {
        data = new InMemoryHubData();
        data.sensitive();
        audit = AuditLog.inMemory(1000);
        hub = HubServer.start(data, HubServer.Options.secured(HubAccess.of(users(), audit, Duration.ofMinutes(30),
                clock)).port(0));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void every_registered_route_has_a_role_and_only_login_and_assets_are_public() {
        for (HubRoute r : hub.routes()) {
            assertThat(r.role()).as(r.path()).isNotNull();
        }
        assertThat(hub.routes().stream().filter(r -> r.role() == Role.PUBLIC).map(HubRoute::path))
                .containsExactlyInAnyOrder("/login", "/login", "/session", "/assets/hub.css", "/assets/htmx.min.js");
    }

    @Test
    void no_route_but_the_public_ones_answers_without_a_login() {
        for (HubRoute r : hub.routes()) {
            if (r.role() == Role.PUBLIC) {
                continue;
            }
            String path = r.path().replace("{name}", "clicks").replace("{group}", "enrich").replace("<rest>", "x");
            Http.Response res = r.method().equals("POST") ? http().post(path, Map.of()) : http().get(path);
            if (r.kind() == HubRoute.Kind.PAGE && r.method().equals("GET")) {
                assertThat(res.status()).as(path).isEqualTo(302);
                assertThat(res.header("Location")).as(path).startsWith("/login?next=");
            } else {
                assertThat(res.status()).as(r.method() + " " + path).isEqualTo(401);
            }
        }
        assertThat(http().get("/api/topics").header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void a_viewer_sees_topics_lag_and_lineage_but_no_event_contents() {
        Http viewer = http().basic("viewer", "viewer-pw");
        for (String path : List.of("/api/topics", "/api/topics/clicks", "/api/consumers", "/api/apps", "/api/lineage")) {
            assertThat(viewer.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(viewer.get("/api/topics/clicks/events").status()).isEqualTo(403);
        assertThat(viewer.get("/api/audit").status()).isEqualTo(403);
        Http page = loggedIn("viewer");
        Http.Response topic = page.get("/topics/payments");
        assertThat(topic.status()).isEqualTo(200);
        assertThat(topic.body()).contains("id=\"peek-hidden\"").doesNotContain("id=\"peek\"", "<article class=\"event\"");
        assertThat(page.get("/consumers").status()).isEqualTo(200);
        assertThat(page.get("/lineage").status()).isEqualTo(200);
        assertThat(page.get("/audit").status()).isEqualTo(403);
        assertThat(data.peeks).isEmpty();
    }

    @Test
    void a_reader_peeks_with_sensitive_fields_masked_on_the_page_and_in_the_api() {
        Http reader = loggedIn("reader");
        Http.Response page = reader.get("/topics/payments");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"peek\"", Masking.MARKER).doesNotContain("alert(1)");
        JsonNode events = http().basic("reader", "reader-pw").get("/api/topics/payments/events").json();
        assertThat(events.get(0).path("value").asText()).contains(Masking.MARKER, "\"score\" : 0.5")
                .doesNotContain("script");
        assertThat(events.get(1).path("value").asText()).isEqualTo(Masking.WHOLE_VALUE);
        // a topic whose schema marks nothing is shown as it is
        assertThat(reader.get("/topics/clicks.enriched").body()).contains("&lt;script&gt;alert(1)");
        assertThat(reader.get("/audit").status()).isEqualTo(403);
    }

    @Test
    void every_peek_is_audited_with_user_topic_and_offsets_and_the_admin_reads_it() {
        loggedIn("reader").get("/topics/payments?partition=0");
        http().bearer(TOKEN).get("/api/topics/clicks/events?limit=2");
        List<AuditEntry> peeks = audit.recent(100).stream().filter(e -> e.action().equals(AuditEntry.PEEK)).toList();
        assertThat(peeks).hasSize(2);
        assertThat(peeks.get(1).by()).isEqualTo("reader");
        assertThat(peeks.get(1).topic()).isEqualTo("payments");
        assertThat(peeks.get(1).detail()).isEqualTo("1 event(s): partition 0 offsets 41..41");
        assertThat(peeks.get(0).by()).isEqualTo("ci");
        assertThat(peeks.get(0).detail()).isEqualTo("2 event(s): partition 0 offsets 41..41, partition 1 offsets 7..7");

        Http admin = loggedIn("admin");
        Http.Response page = admin.get("/audit");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("hub.peek", "payments", "partition 0 offsets 41..41", "hub.login");
        JsonNode api = http().basic("admin", "admin-pw").get("/api/audit?limit=50").json();
        assertThat(api.findValuesAsText("action")).contains(AuditEntry.PEEK, AuditEntry.LOGIN);
        assertThat(http().basic("admin", "admin-pw").get("/api/audit?limit=0").status()).isEqualTo(400);
    }

    @Test
    void a_wrong_password_is_refused_and_audited_and_the_right_one_sets_a_strict_http_only_cookie() {
        Http browser = http();
        Http.Response form = browser.get("/login?next=/consumers");
        String csrf = csrf(form.body());
        Http.Response bad = browser.post("/login", Map.of("user", "reader", "password", "nope", "csrf", csrf,
                "next", "/consumers"));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body()).contains("Wrong user or password.");
        assertThat(audit.recent(10)).anyMatch(e -> e.action().equals(AuditEntry.LOGIN_FAILED) && e.by().equals("reader"));
        Http.Response good = browser.post("/login", Map.of("user", "reader", "password", "reader-pw",
                "csrf", csrf(bad.body()), "next", "/consumers"));
        assertThat(good.status()).isEqualTo(302);
        assertThat(good.header("Location")).isEqualTo("/consumers");
        String cookie = good.headers("Set-Cookie").stream().filter(c -> c.startsWith(HubAccess.SESSION_COOKIE + "="))
                .findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .doesNotContainPattern("(?i);\\s*Secure(;|$)");
        assertThat(browser.get("/consumers").status()).isEqualTo(200);
        assertThat(browser.get("/session").body()).contains("reader").contains("id=\"logout\"");
    }

    @Test
    void behind_a_tls_proxy_the_session_cookie_is_secure() {
        Http browser = http().header("X-Forwarded-Proto", "https");
        String csrf = csrf(browser.get("/login").body());
        Http.Response r = browser.post("/login", Map.of("user", "viewer", "password", "viewer-pw", "csrf", csrf));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers("Set-Cookie")).filteredOn(c -> c.startsWith(HubAccess.SESSION_COOKIE + "="))
                .singleElement().satisfies(c -> assertThat(c).containsPattern("(?i);\\s*Secure(;|$)"));
    }

    @Test
    void a_login_without_its_csrf_token_or_from_another_site_is_refused() {
        Http browser = http();
        String csrf = csrf(browser.get("/login").body());
        assertThat(browser.post("/login", Map.of("user", "reader", "password", "reader-pw")).status()).isEqualTo(403);
        assertThat(browser.post("/login", Map.of("user", "reader", "password", "reader-pw", "csrf", "forged"))
                .status()).isEqualTo(403);
        assertThat(browser.header("Origin", "http://evil.example").post("/login", Map.of("user", "reader",
                "password", "reader-pw", "csrf", csrf)).status()).isEqualTo(403);
        assertThat(browser.get("/topics").status()).isEqualTo(302);
        assertThat(browser.header("Origin", hub.url()).post("/login", Map.of("user", "reader",
                "password", "reader-pw", "csrf", csrf)).status()).isEqualTo(302);
    }

    @Test
    void logout_needs_the_sessions_csrf_token_and_ends_the_session() {
        Http browser = loggedIn("viewer");
        assertThat(browser.post("/logout", Map.of("csrf", "forged")).status()).isEqualTo(403);
        assertThat(browser.get("/topics").status()).isEqualTo(200);
        String csrf = csrf(browser.get("/session").body());
        Http.Response out = browser.post("/logout", Map.of("csrf", csrf));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).isEqualTo("/login");
        assertThat(browser.get("/topics").status()).isEqualTo(302);
        assertThat(audit.recent(10)).anyMatch(e -> e.action().equals(AuditEntry.LOGOUT) && e.by().equals("viewer"));
    }

    @Test
    void a_session_idle_longer_than_the_timeout_has_expired() {
        Http browser = loggedIn("viewer");
        clock.advance(Duration.ofMinutes(20));
        assertThat(browser.get("/topics").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(20)); // 20 min since the last request: still within 30
        assertThat(browser.get("/topics").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        Http.Response expired = browser.get("/topics");
        assertThat(expired.status()).isEqualTo(302);
        assertThat(expired.header("Location")).startsWith("/login");
    }

    @Test
    void a_bearer_token_reaches_the_api_with_its_role_and_a_wrong_one_is_refused_and_audited() {
        assertThat(http().bearer(TOKEN).get("/api/topics/payments/events").status()).isEqualTo(200);
        assertThat(http().bearer(TOKEN).get("/api/audit").status()).isEqualTo(403);
        assertThat(http().bearer(TOKEN + "x").get("/api/topics").status()).isEqualTo(401);
        assertThat(http().basic("admin", "wrong").get("/api/topics").status()).isEqualTo(401);
        assertThat(audit.recent(10).stream().filter(e -> e.action().equals(AuditEntry.LOGIN_FAILED))).hasSize(2);
        // tokens and basic auth are for the API, not for pages
        assertThat(http().bearer(TOKEN).get("/topics").status()).isEqualTo(302);
    }

    @Test
    void an_open_hub_serves_everything_without_login_and_still_masks() {
        try (HubServer open = HubServer.start(data, HubServer.Options.open().port(0))) {
            Http anyone = new Http(open.url());
            assertThat(anyone.get("/topics").status()).isEqualTo(200);
            assertThat(anyone.get("/api/topics/payments/events").body()).contains(Masking.MARKER);
            assertThat(anyone.get("/audit").body()).contains("hub.peek", "anonymous");
            assertThat(anyone.get("/login").status()).isEqualTo(302);
        }
    }

    private Http http() {
        return new Http(hub.url());
    }

    private Http loggedIn(String user) {
        Http browser = http();
        String csrf = csrf(browser.get("/login").body());
        Http.Response r = browser.post("/login", Map.of("user", user, "password", user + "-pw", "csrf", csrf));
        assertThat(r.status()).as("login of " + user).isEqualTo(302);
        return browser;
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a csrf field in " + html).isTrue();
        return m.group(1);
    }

    /** A tiny browser: keeps cookies, sends basic, bearer or other headers, GETs and POSTs forms. */
    static final class Http {
        record Response(int status, Map<String, List<String>> headers, String body) {
            String header(String name) {
                List<String> v = headers(name);
                return v.isEmpty() ? null : v.get(0);
            }

            List<String> headers(String name) {
                return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .flatMap(e -> e.getValue().stream()).toList();
            }

            JsonNode json() {
                return new HubClient.Response(status, "", body).json();
            }
        }

        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final Map<String, String> cookies = new java.util.LinkedHashMap<>();
        private final Map<String, String> extra = new java.util.LinkedHashMap<>();

        Http(String base) {
            this.base = base;
        }

        Http basic(String user, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }

        Http bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Http header(String name, String value) {
            extra.put(name, value);
            return this;
        }

        Response get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        Response post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        Response postJson(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        private Response send(HttpRequest.Builder b) {
            b.timeout(Duration.ofSeconds(10));
            extra.forEach(b::header);
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                for (String c : r.headers().allValues("Set-Cookie")) {
                    String pair = c.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq);
                    String value = pair.substring(eq + 1);
                    boolean expired = c.toLowerCase().contains("max-age=0") || value.isEmpty();
                    if (expired) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
                return new Response(r.statusCode(), r.headers().map(), r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-02T05:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
