package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.PasswordHash;
import dev.ferry.hub.access.Users;
import dev.ferry.hub.web.HubSecurityTest.Http;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may skip and replay from the hub, and that every attempt lands in the audit log: roles, the
 * confirmation step, CSRF tokens and Origin checks on the forms, bearer tokens or the CSRF header
 * on the API. The actions only record what they are asked here ({@link RecordingOnCall}); what they
 * do to a real app is {@code OnCallHubTest}'s.
 */
class OnCallWebTest {

    static final String ADMIN_TOKEN = PasswordHash.newToken();
    static final String READER_TOKEN = PasswordHash.newToken();
    private static final EventPosition HALTED_AT = new EventPosition("clicks.enriched", 1, 90);

    /** viewer/reader/admin with passwords "<name>-pw", an admin token and a reader token. */
    static Users users() {
        List<String> lines = new ArrayList<>();
        for (String role : List.of("viewer", "reader", "admin")) {
            lines.add("user " + role + " " + role + " "
                    + PasswordHash.hash((role + "-pw").toCharArray(), PasswordHash.MIN_ITERATIONS));
        }
        lines.add("token pager admin " + PasswordHash.tokenHash(ADMIN_TOKEN));
        lines.add("token ci reader " + PasswordHash.tokenHash(READER_TOKEN));
        return Users.parse(lines, "test users");
    }

    private final RecordingOnCall actions = new RecordingOnCall();
    private AuditLog audit;
    private HubServer hub;

    @BeforeEach
    void start() {
        InMemoryHubData data = new InMemoryHubData();
        data.halt();
        audit = AuditLog.inMemory(1000);
        hub = HubServer.start(data, actions, HubServer.Options.secured(HubAccess.of(users(), audit)).port(0));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void the_app_page_shows_the_halted_event_to_everyone_and_skip_and_replay_only_to_an_admin() {
        for (String user : List.of("viewer", "reader")) {
            String page = loggedIn(user).get("/apps/score").body();
            assertThat(page).as(user).contains("class=\"halted\" data-topic=\"clicks.enriched\" data-partition=\"1\" "
                    + "data-offset=\"90\"", "NumberFormatException").doesNotContain("skip-button", "id=\"replay\"");
        }
        String admin = loggedIn("admin").get("/apps/score").body();
        assertThat(admin).contains("class=\"skip-button\"", "id=\"replay\"", "action=\"/apps/score/skip\"");
        assertThat(csrf(admin)).hasSizeGreaterThan(30);
    }

    @Test
    void a_viewer_and_a_reader_are_refused_skip_and_replay_and_each_refusal_is_audited() {
        for (String user : List.of("viewer", "reader")) {
            Http browser = loggedIn(user);
            String csrf = sessionCsrf(browser);
            assertThat(browser.post("/apps/score/skip", skipForm(csrf, "yes")).status()).as(user).isEqualTo(403);
            assertThat(browser.post("/apps/score/replay", replayForm(csrf, "yes")).status()).as(user).isEqualTo(403);
        }
        Http.Response api = new Http(hub.url()).bearer(READER_TOKEN).postJson("/api/apps/score/skip",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"offset\":90,\"reason\":\"r\"}");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.json().path("message").asText()).isEqualTo("ci is a reader; /api/apps/{name}/skip needs the "
                + "admin role");

        assertThat(actions.skips).isEmpty();
        assertThat(actions.replays).isEmpty();
        List<AuditEntry> refused = entries(AuditEntry.REFUSED);
        assertThat(refused).extracting(AuditEntry::by).containsExactly("ci", "reader", "reader", "viewer", "viewer");
        assertThat(refused.get(4).topic()).isEqualTo("clicks.enriched");
        assertThat(refused.get(4).detail()).isEqualTo("skip of app 'score': topic 'clicks.enriched' partition 1 offset "
                + "90 refused: viewer is a viewer; /apps/{name}/skip needs the admin role");
        assertThat(refused.get(3).detail()).startsWith("replay of app 'score': topic 'clicks.enriched' partition 1 "
                + "from 80 to 85 refused: viewer is a viewer");
        assertThat(refused.get(0).detail()).startsWith("skip of app 'score': topic 'clicks.enriched' partition 1 offset "
                + "90 refused: ci is a reader");
    }

    @Test
    void an_admin_skips_after_a_confirmation_and_the_skip_is_audited() {
        Http admin = loggedIn("admin");
        String csrf = csrf(admin.get("/apps/score").body());

        Http.Response confirm = admin.post("/apps/score/skip", skipForm(csrf, null));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Skip this event of app 'score'?", "id=\"confirm-skip\"",
                "name=\"confirm\" value=\"yes\"", "after 3 attempt(s): NumberFormatException");
        assertThat(actions.skips).as("nothing skipped before the confirmation").isEmpty();

        Http.Response done = admin.post("/apps/score/skip", skipForm(csrf(confirm.body()), "yes"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Skipped", "id=\"oncall-done\"");
        assertThat(actions.skips).containsExactly(new RecordingOnCall.Skip("score", HALTED_AT, "admin",
                "event 90 is a test event"));
        List<AuditEntry> skips = entries(AuditEntry.SKIP);
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0).by()).isEqualTo("admin");
        assertThat(skips.get(0).topic()).isEqualTo("clicks.enriched");
        assertThat(skips.get(0).detail()).isEqualTo("app 'score': skipped partition 1 offset 90 (event 90 is a test "
                + "event)");
        assertThat(entries(AuditEntry.REFUSED)).isEmpty();
    }

    @Test
    void an_admin_replays_a_range_after_seeing_its_plan_and_the_replay_is_audited() {
        Http admin = loggedIn("admin");
        String csrf = sessionCsrf(admin);

        Http.Response confirm = admin.post("/apps/score/replay", replayForm(csrf, null));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Replay 6 event(s) of app 'score', in 1 partition(s)?",
                "topic 'clicks.enriched' partition 1: processes 80 to 85 again (6 event(s)), then goes on from 100",
                "id=\"confirm-replay\"");
        assertThat(actions.plans).hasSize(1);
        assertThat(actions.replays).isEmpty();

        Http.Response done = admin.post("/apps/score/replay", hiddenFields(confirm.body()));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Replayed", "committed offset 100 -&gt; 80");
        assertThat(actions.plans).hasSize(2).allSatisfy(q -> {
            assertThat(q.topic()).isEqualTo("clicks.enriched");
            assertThat(q.partition()).isEqualTo(1);
            assertThat(q.fromOffset()).isEqualTo(80L);
            assertThat(q.toOffset()).isEqualTo(85L);
        });
        assertThat(actions.replays).singleElement().satisfies(r -> {
            assertThat(r.plan().moves()).containsExactly(new ReplayPlan.Move("clicks.enriched", 1, 100, 80, 85L));
            assertThat(r.by()).isEqualTo("admin");
        });
        assertThat(entries(AuditEntry.REPLAY)).singleElement().satisfies(e -> {
            assertThat(e.by()).isEqualTo("admin");
            assertThat(e.topic()).isEqualTo("clicks.enriched");
            assertThat(e.detail()).isEqualTo("app 'score': partition 1 offsets 80..85, goes on from 100 (re-score)");
        });
    }

    @Test
    void a_replay_whose_plan_changed_since_its_confirmation_is_refused_and_audited() {
        Http admin = loggedIn("admin");
        Http.Response confirm = admin.post("/apps/score/replay", replayForm(sessionCsrf(admin), null));
        assertThat(confirm.status()).isEqualTo(200);
        Map<String, String> confirmed = hiddenFields(confirm.body());
        actions.committed = 120; // the app ran in between

        Http.Response r = admin.post("/apps/score/replay", confirmed);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains("the replay's plan changed since it was confirmed");
        assertThat(actions.replays).isEmpty();
        assertThat(entries(AuditEntry.REFUSED)).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("refused: the replay's plan changed since it was confirmed", "then goes on from 120"));
    }

    @Test
    void a_form_without_the_sessions_csrf_token_or_from_another_site_is_refused_and_audited() {
        Http admin = loggedIn("admin");
        String csrf = sessionCsrf(admin);
        Map<String, String> noToken = skipForm(csrf, "yes");
        noToken.remove("csrf");

        assertThat(admin.post("/apps/score/skip", noToken).status()).isEqualTo(403);
        assertThat(admin.post("/apps/score/skip", skipForm("forged", "yes")).status()).isEqualTo(403);
        assertThat(admin.post("/apps/score/replay", replayForm("forged", "yes")).status()).isEqualTo(403);
        Http foreign = loggedIn("admin").header("Origin", "http://evil.example");
        assertThat(foreign.post("/apps/score/skip", skipForm(sessionCsrf(foreign), "yes")).status()).isEqualTo(403);
        Http sandboxed = loggedIn("admin").header("Origin", "null");
        assertThat(sandboxed.post("/apps/score/skip", skipForm(sessionCsrf(sandboxed), "yes")).status()).isEqualTo(403);

        assertThat(actions.skips).isEmpty();
        assertThat(actions.replays).isEmpty();
        assertThat(entries(AuditEntry.REFUSED)).extracting(AuditEntry::detail).containsExactly(
                "skip of app 'score': topic 'clicks.enriched' partition 1 offset 90 refused: this request was sent from "
                        + "another site (Origin null)",
                "skip of app 'score': topic 'clicks.enriched' partition 1 offset 90 refused: this request was sent from "
                        + "another site (Origin http://evil.example)",
                "replay of app 'score': topic 'clicks.enriched' partition 1 from 80 to 85 refused: its CSRF token is not "
                        + "this session's: reload the page",
                "skip of app 'score': topic 'clicks.enriched' partition 1 offset 90 refused: its CSRF token is not this "
                        + "session's: reload the page",
                "skip of app 'score': topic 'clicks.enriched' partition 1 offset 90 refused: the request carries no CSRF "
                        + "token (the form field csrf, or the header X-Ferry-CSRF): reload the page");
        // the same origin is fine
        Http same = loggedIn("admin").header("Origin", hub.url());
        assertThat(same.post("/apps/score/skip", skipForm(sessionCsrf(same), "yes")).status()).isEqualTo(200);
        assertThat(actions.skips).hasSize(1);
    }

    @Test
    void the_api_takes_a_bearer_token_or_a_session_with_the_csrf_header_but_not_basic_auth() {
        String body = "{\"topic\":\"clicks.enriched\",\"partition\":1,\"offset\":90,\"reason\":\"poison\"}";
        Http session = loggedIn("admin");
        assertThat(session.postJson("/api/apps/score/skip", body).status()).as("a session, no header").isEqualTo(403);
        assertThat(new Http(hub.url()).basic("admin", "admin-pw").postJson("/api/apps/score/skip", body).status())
                .as("basic auth").isEqualTo(403);
        assertThat(actions.skips).isEmpty();

        Http.Response withHeader = session.header(HubAccess.CSRF_HEADER, sessionCsrf(session))
                .postJson("/api/apps/score/skip", body);
        assertThat(withHeader.status()).isEqualTo(200);
        assertThat(withHeader.json().path("skipped").path("by").asText()).isEqualTo("admin");
        Http.Response bearer = new Http(hub.url()).bearer(ADMIN_TOKEN).postJson("/api/apps/score/skip", body);
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.json().path("skipped").path("event").path("offset").asLong()).isEqualTo(90);
        assertThat(actions.skips).extracting(RecordingOnCall.Skip::by).containsExactly("admin", "pager");

        Http.Response plan = new Http(hub.url()).bearer(ADMIN_TOKEN).postJson("/api/apps/score/replay",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"fromOffset\":80,\"toOffset\":85,\"reason\":\"r\","
                        + "\"dryRun\":true}");
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().path("plan").path("moves").get(0).path("from").asLong()).isEqualTo(80);
        assertThat(actions.replays).as("a dry run replays nothing").isEmpty();
        Http.Response replay = new Http(hub.url()).bearer(ADMIN_TOKEN).postJson("/api/apps/score/replay",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"fromOffset\":80,\"toOffset\":85,\"reason\":\"r\"}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("replayed").get(0).path("resumeAt").asLong()).isEqualTo(100);
        assertThat(actions.replays).hasSize(1);
        assertThat(entries(AuditEntry.REFUSED)).extracting(AuditEntry::by).containsExactly("admin", "admin");
        assertThat(entries(AuditEntry.SKIP)).extracting(AuditEntry::by).containsExactly("pager", "admin");
        assertThat(entries(AuditEntry.REPLAY)).extracting(AuditEntry::by).containsExactly("pager");
    }

    @Test
    void a_skip_the_cluster_refuses_is_409_with_its_sentence_and_audited() {
        actions.refusal = "app 'score' is not halted at topic 'clicks.enriched' partition 1 offset 90: it runs";
        Http.Response r = new Http(hub.url()).bearer(ADMIN_TOKEN).postJson("/api/apps/score/skip",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"offset\":90,\"reason\":\"poison\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("message").asText()).isEqualTo(actions.refusal);
        Http admin = loggedIn("admin");
        Http.Response page = admin.post("/apps/score/replay", replayForm(sessionCsrf(admin), null));
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("id=\"error-message\"", "is not halted at");
        assertThat(entries(AuditEntry.REFUSED)).extracting(AuditEntry::detail).containsExactly(
                "replay of app 'score': topic 'clicks.enriched' partition 1 from 80 to 85 refused: " + actions.refusal,
                "skip of app 'score': topic 'clicks.enriched' partition 1 offset 90 refused: " + actions.refusal);
    }

    @Test
    void bad_input_is_400_naming_the_field_and_audited() {
        Http api = new Http(hub.url()).bearer(ADMIN_TOKEN);
        Http.Response noReason = api.postJson("/api/apps/score/skip",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"offset\":90}");
        Http.Response badOffset = api.postJson("/api/apps/score/skip",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"offset\":\"ninety\",\"reason\":\"r\"}");
        Http.Response twoStarts = api.postJson("/api/apps/score/replay",
                "{\"topic\":\"clicks.enriched\",\"partition\":1,\"fromOffset\":1,\"fromTime\":\"2026-12-01T10:00:00Z\","
                        + "\"reason\":\"r\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("message").asText()).isEqualTo("say why (reason): it goes into the audit log "
                + "with your name");
        assertThat(badOffset.status()).isEqualTo(400);
        assertThat(badOffset.json().path("message").asText()).isEqualTo("offset must be a number, got 'ninety'");
        assertThat(twoStarts.status()).isEqualTo(400);
        assertThat(twoStarts.json().path("message").asText()).isEqualTo("say where to replay from: an offset or a "
                + "time, one of them");
        assertThat(actions.skips).isEmpty();
        assertThat(actions.plans).isEmpty();
        assertThat(entries(AuditEntry.REFUSED)).hasSize(3).allSatisfy(e -> assertThat(e.by()).isEqualTo("pager"));
    }

    @Test
    void an_open_hub_has_no_one_to_name_and_refuses_on_call_actions() {
        try (HubServer open = HubServer.start(new InMemoryHubData(), actions,
                HubServer.Options.secured(HubAccess.open(audit)).port(0))) {
            InMemoryHubData halted = new InMemoryHubData();
            halted.halt();
            Http anyone = new Http(open.url());
            Http.Response r = anyone.post("/apps/score/skip", skipForm("", "yes"));
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("this hub has no login");
            assertThat(anyone.postJson("/api/apps/score/skip", "{}").status()).isEqualTo(403);
        }
        assertThat(actions.skips).isEmpty();
        assertThat(entries(AuditEntry.REFUSED)).extracting(AuditEntry::by).containsExactly("anonymous", "anonymous");
    }

    private List<AuditEntry> entries(String action) {
        return audit.recent(1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    private static Map<String, String> skipForm(String csrf, String confirm) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", csrf);
        f.put("topic", "clicks.enriched");
        f.put("partition", "1");
        f.put("offset", "90");
        f.put("reason", "event 90 is a test event");
        if (confirm != null) {
            f.put("confirm", confirm);
        }
        return f;
    }

    private static Map<String, String> replayForm(String csrf, String confirm) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", csrf);
        f.put("topic", "clicks.enriched");
        f.put("partition", "1");
        f.put("from", "80");
        f.put("to", "85");
        f.put("reason", "re-score");
        if (confirm != null) {
            f.put("confirm", confirm);
        }
        return f;
    }

    private Http loggedIn(String user) {
        Http browser = new Http(hub.url());
        String csrf = csrf(browser.get("/login").body());
        Http.Response r = browser.post("/login", Map.of("user", user, "password", user + "-pw", "csrf", csrf));
        assertThat(r.status()).as("login of " + user).isEqualTo(302);
        return browser;
    }

    /** The confirmation form's hidden fields, as the browser sends them back. */
    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&"));
        }
        return fields;
    }

    private static String sessionCsrf(Http browser) {
        return csrf(browser.get("/session").body());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a csrf field in " + html).isTrue();
        return m.group(1);
    }
}
