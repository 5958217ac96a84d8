package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.UnauthorizedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON API under /api, served by a real hub on a free port over an in-memory read model. */
class HubApiTest {

    private InMemoryHubData data;
    private HubServer hub;
    private HubClient client;

    @BeforeEach
    void start() {
        data = new InMemoryHubData();
        hub = HubServer.start(data, HubServer.Options.open().port(0));
        client = new HubClient(hub.url());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void topics_are_json_with_rates_readers_and_writers_internal_ones_included() {
        HubClient.Response r = client.get("/api/topics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode topics = r.json();
        assertThat(names(topics)).containsExactly("__consumer_offsets", "clicks", "clicks.enriched", "ferry.apps", "scores");
        JsonNode clicks = topics.get(1);
        assertThat(clicks.path("perMinuteLastMinute").asLong()).isEqualTo(1200);
        assertThat(clicks.path("readingApps").get(0).asText()).isEqualTo("enrich");
        assertThat(names(client.get("/api/topics?internal=false&sort=lag").json()))
                .containsExactly("scores", "clicks", "clicks.enriched");
    }

    @Test
    void a_topic_is_json_with_partitions_rates_and_schema() {
        JsonNode t = client.get("/api/topics/clicks.enriched").json();
        assertThat(t.path("summary").path("name").asText()).isEqualTo("clicks.enriched");
        assertThat(t.path("partitions")).hasSize(3);
        assertThat(t.path("lastHour")).hasSize(60);
        assertThat(t.path("lastHour").get(0).path("minute").asText()).isEqualTo("2026-12-02T04:00:00Z");
        assertThat(t.path("schema").path("language").asText()).isEqualTo("json-schema");
        assertThat(t.path("schemaApp").asText()).isEqualTo("enrich");
    }

    @Test
    void events_are_peeked_with_the_query_and_returned_newest_first() {
        HubClient.Response r = client.get("/api/topics/clicks/events?partition=0&limit=3");
        assertThat(r.status()).isEqualTo(200);
        JsonNode events = r.json();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("offset").asLong()).isEqualTo(41);
        assertThat(events.get(0).path("kind").asText()).isEqualTo("JSON");
        assertThat(events.get(0).path("headers").get(0).path("name").asText()).isEqualTo("traceparent");
        assertThat(data.peeks).last().satisfies(p -> assertThat(p.limit()).isEqualTo(3));
        assertThat(client.get("/api/topics/clicks/events?time=2026-12-02T04:59:00Z").status()).isEqualTo(200);
        assertThat(data.peeks).last().satisfies(p -> assertThat(p.fromTime()).hasValueSatisfying(
                t -> assertThat(t).hasToString("2026-12-02T04:59:00Z")));
    }

    @Test
    void a_bad_peek_is_a_400_with_the_reason() {
        assertError("/api/topics/clicks/events?offset=3", 400, "an offset needs a partition");
        assertError("/api/topics/clicks/events?limit=0", 400, "limit must be from 1 to 500, got 0");
        assertError("/api/topics/clicks/events?limit=501", 400, "limit must be from 1 to 500, got 501");
        assertError("/api/topics/clicks/events?partition=-1", 400, "partition must be 0 or more, got -1");
        assertError("/api/topics/clicks/events?partition=7", 400, "topic 'clicks' has no partition 7 (it has 3)");
        assertError("/api/topics/clicks/events?offset=x&partition=0", 400, "offset must be a whole number, got 'x'");
    }

    @Test
    void unknown_names_are_404s_with_the_name() {
        assertError("/api/topics/nope", 404, "there is no topic 'nope'");
        assertError("/api/topics/nope/events", 404, "there is no topic 'nope'");
        assertError("/api/consumers/nope", 404, "there is no consumer group 'nope'");
        assertError("/api/apps/nope", 404, "there is no Ferry app 'nope'");
        assertError("/api/nothing", 404, "there is no API route /api/nothing: see /api for the list");
        assertError("/api/topics?sort=size", 400, "sort must be name, rate or lag, got 'size'");
    }

    @Test
    void consumers_are_json_with_lag_verdict_and_failure() {
        data.halt();
        JsonNode groups = client.get("/api/consumers").json();
        assertThat(names(groups, "group")).containsExactly("audit-tool", "enrich", "score");
        JsonNode score = client.get("/api/consumers/score").json();
        assertThat(score.path("verdict").asText()).isEqualTo("HALTED");
        assertThat(score.path("failure").path("position").path("offset").asLong()).isEqualTo(90);
        assertThat(score.path("app").asText()).isEqualTo("score");
        assertThat(score.path("lags").get(0).path("lagSeconds").asDouble()).isEqualTo(2.5);
        assertThat(client.get("/api/consumers/audit-tool").json().path("app").isNull()).isTrue();
    }

    @Test
    void apps_are_json_with_their_announcements_and_status() {
        JsonNode apps = client.get("/api/apps").json();
        assertThat(names(apps)).containsExactly("enrich", "score");
        JsonNode enrich = client.get("/api/apps/enrich").json();
        assertThat(enrich.path("latest").path("owner").asText()).isEqualTo("team-ml");
        assertThat(enrich.path("latest").path("outputs").get(0).path("topic").asText()).isEqualTo("clicks.enriched");
        assertThat(enrich.path("instances").get(0).path("status").path("status").path("state").asText())
                .isEqualTo("RUNNING");
        assertThat(enrich.path("runbook").asText()).isEqualTo("https://runbooks.example/enrich");
        assertThat(enrich.path("alerts").path("rules").asText()).startsWith("groups:\n- name: ferry-enrich\n")
                .contains("alert: FerryAppHalted");
        assertThat(enrich.path("alerts").path("prometheusRule").asText()).contains("kind: PrometheusRule");
        assertThat(enrich.path("alerts").path("runbook").asText()).startsWith("# Runbook: enrich\n");
    }

    @Test
    void a_materialization_is_json_with_its_target_rows_lag_and_store_outage_and_other_apps_have_null() {
        data.materialization();

        JsonNode m = client.get("/api/apps/signups-db").json().path("materialization");

        assertThat(m.path("targetType").asText()).isEqualTo("postgres");
        assertThat(m.path("destination").asText()).isEqualTo("signups");
        assertThat(m.path("rowsWritten").asLong()).isEqualTo(990);
        assertThat(m.path("lag").asLong()).isEqualTo(12);
        assertThat(m.path("storeUnavailable").asText()).startsWith("could not write 20 row(s): Connection refused (since ");
        assertThat(client.get("/api/apps/signups-db").json().path("instances").get(0).path("status").path("status")
                .path("store").path("reason").asText()).isEqualTo("could not write 20 row(s): Connection refused");
        assertThat(client.get("/api/apps/enrich").json().path("materialization").isNull()).isTrue();
    }

    @Test
    void an_app_without_alert_rules_has_null_alerts() {
        data.alerts("score", Optional.empty());
        JsonNode score = client.get("/api/apps/score").json();
        assertThat(score.has("alerts")).isTrue();
        assertThat(score.path("alerts").isNull()).isTrue();
        assertThat(score.path("latest").path("app").asText()).isEqualTo("score");
    }

    @Test
    void lineage_is_json_with_nodes_edges_and_chains() {
        JsonNode lineage = client.get("/api/lineage").json();
        assertThat(lineage.path("nodes")).hasSize(5);
        assertThat(lineage.path("edges")).hasSize(4);
        JsonNode chain = lineage.path("chains").get(0);
        assertThat(chain.path("p50Ms").asDouble()).isEqualTo(12.5);
        assertThat(chain.path("p99Ms").asDouble()).isEqualTo(40.0);
        assertThat(chain.path("hops")).hasSize(2);
    }

    @Test
    void the_api_root_lists_every_api_route() {
        JsonNode routes = client.get("/api").json().path("routes");
        List<String> paths = new ArrayList<>();
        routes.forEach(r -> paths.add(r.path("path").asText()));
        assertThat(paths).contains("/api/topics", "/api/topics/{name}", "/api/topics/{name}/events", "/api/consumers",
                "/api/consumers/{group}", "/api/apps", "/api/apps/{name}", "/api/lineage").doesNotContain("/api/<rest>");
    }

    @Test
    void a_guard_runs_before_every_route_and_can_refuse_it() {
        List<String> seen = new ArrayList<>();
        try (HubServer guarded = HubServer.start(data, HubServer.Options.open().port(0).guard((ctx, route) -> {
            seen.add(route.kind() + " " + route.path());
            if (route.kind() == HubRoute.Kind.API && !"let-me".equals(ctx.header("X-Token"))) {
                throw new UnauthorizedResponse("an API call needs a token");
            }
        }))) {
            HubClient guardedClient = new HubClient(guarded.url());
            HubClient.Response refused = guardedClient.get("/api/topics");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("message").asText()).isEqualTo("an API call needs a token");
            assertThat(guardedClient.get("/topics").status()).isEqualTo(200);
            assertThat(seen).contains("API /api/topics", "PAGE /topics");
        }
    }

    private void assertError(String path, int status, String message) {
        HubClient.Response r = client.get(path);
        assertThat(r.status()).as(path).isEqualTo(status);
        assertThat(r.contentType()).as(path).startsWith("application/json");
        assertThat(r.json().path("status").asInt()).as(path).isEqualTo(status);
        assertThat(r.json().path("message").asText()).as(path).isEqualTo(message);
    }

    private static List<String> names(JsonNode array) {
        return names(array, "name");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path(field).asText()));
        return names;
    }
}
