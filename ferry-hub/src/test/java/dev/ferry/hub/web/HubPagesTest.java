package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.hub.AppAlerts;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages, served by a real hub on a free port over an in-memory read model. */
class HubPagesTest {

    private InMemoryHubData data;
    private HubServer hub;
    private HubClient client;

    @BeforeEach
    void start() {
        data = new InMemoryHubData();
        hub = HubServer.start(data, HubServer.Options.open().port(0).refresh(Duration.ofSeconds(2)));
        client = new HubClient(hub.url());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void binds_to_the_loopback_address_by_default() {
        assertThat(hub.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void the_root_redirects_to_the_topics_page() {
        HubClient.Response r = client.get("/");
        assertThat(r.status()).isEqualTo(302);
    }

    @Test
    void topics_page_lists_topics_with_rates_readers_and_writers_hiding_internal_ones() {
        HubClient.Response r = client.get("/topics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("data-topic=\"clicks\"", "data-topic=\"clicks.enriched\"", "data-topic=\"scores\"")
                .contains("1,200").contains("href=\"/apps/enrich\"").contains("href=\"/consumers/audit-tool\"")
                .doesNotContain("data-topic=\"__consumer_offsets\"").doesNotContain("data-topic=\"ferry.apps\"")
                .contains("2 internal topic(s) hidden");
    }

    @Test
    void topics_page_shows_internal_topics_when_asked() {
        assertThat(client.get("/topics?internal=true").body()).contains("data-topic=\"__consumer_offsets\"",
                "data-topic=\"ferry.apps\"");
    }

    @Test
    void topics_page_filters_by_name_and_sorts_by_lag() {
        String body = client.get("/topics?q=CLICKS&sort=lag").body();
        assertThat(body).contains("data-topic=\"clicks\"", "data-topic=\"clicks.enriched\"")
                .doesNotContain("data-topic=\"scores\"");
        String byLag = client.get("/topics?sort=lag").body();
        assertThat(byLag.indexOf("data-topic=\"scores\"")).isLessThan(byLag.indexOf("data-topic=\"clicks\""));
        String byName = client.get("/topics?sort=name").body();
        assertThat(byName.indexOf("data-topic=\"clicks\"")).isLessThan(byName.indexOf("data-topic=\"scores\""));
    }

    @Test
    void an_unknown_sort_is_a_clear_400_page() {
        HubClient.Response r = client.get("/topics?sort=size");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("sort must be name, rate or lag, got 'size'");
    }

    @Test
    void the_rows_fragment_polls_itself_with_the_same_listing_and_shows_the_new_rate() {
        data.rate("clicks", 98_765);
        HubClient.Response r = client.get("/topics/rows?q=click&sort=rate&internal=false");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("<tbody id=\"topic-rows\"")
                .contains("hx-get=\"/topics/rows?q=click&amp;sort=rate&amp;internal=false\"")
                .contains("hx-trigger=\"every 2s\"").contains("98,765").doesNotContain("<html");
    }

    @Test
    void topic_page_shows_partitions_chart_schema_producers_consumers_and_events() {
        HubClient.Response r = client.get("/topics/clicks.enriched");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"partitions\"").contains("<svg id=\"rate-chart\"")
                .contains("<polyline class=\"line\" points=\"").contains("declared by <a href=\"/apps/enrich\">enrich</a>")
                .contains("\"type\" : \"object\"")
                .contains("<ul id=\"producers\"><li><a href=\"/apps/enrich\">enrich</a>")
                .contains("app <a href=\"/apps/score\">score</a>")
                .contains("data-offset=\"41\"").contains("traceparent");
    }

    @Test
    void topic_page_escapes_event_contents() {
        String body = client.get("/topics/clicks").body();
        assertThat(body).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void topic_page_shows_binary_values_as_hex_and_tombstones_as_such() {
        String body = client.get("/topics/clicks").body();
        assertThat(body).contains("00 ff 10 7f").contains(">binary<").contains("(tombstone: no value)");
    }

    @Test
    void topic_page_peeks_by_partition_and_limit() {
        HubClient.Response r = client.get("/topics/clicks?partition=1&limit=5");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("data-partition=\"1\" data-offset=\"7\"").doesNotContain("data-offset=\"41\"");
        assertThat(data.peeks).last().satisfies(p -> {
            assertThat(p.partition()).hasValue(1);
            assertThat(p.limit()).isEqualTo(5);
        });
    }

    @Test
    void a_bad_peek_is_a_message_on_the_page_not_a_500() {
        HubClient.Response r = client.get("/topics/clicks?offset=12");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"peek-error\"").contains("an offset needs a partition")
                .contains("id=\"partitions\"");
        assertThat(client.get("/topics/clicks?limit=lots").body()).contains("limit must be a whole number, got 'lots'");
        assertThat(client.get("/topics/clicks?time=yesterday").body()).contains("time must be an ISO-8601 time");
        assertThat(client.get("/topics/clicks?partition=9").body()).contains("has no partition 9");
    }

    @Test
    void an_unknown_topic_group_app_or_page_is_a_clear_404_page() {
        HubClient.Response topic = client.get("/topics/nope");
        assertThat(topic.status()).isEqualTo(404);
        assertThat(topic.body()).contains("There is no topic 'nope'.");
        assertThat(client.get("/consumers/nope").body()).contains("There is no consumer group 'nope'.");
        assertThat(client.get("/apps/nope").status()).isEqualTo(404);
        assertThat(client.get("/apps/nope").body()).contains("There is no Ferry app 'nope'");
        assertThat(client.get("/nothing/here").status()).isEqualTo(404);
    }

    @Test
    void consumers_page_shows_lag_members_verdicts_and_links_apps() {
        HubClient.Response r = client.get("/consumers");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("data-group=\"audit-tool\"").contains("verdict LAGGING")
                .contains("lag did not shrink over the window").contains("Ferry app <a class=\"app\" href=\"/apps/enrich\"")
                .contains("2.5 s").contains("enrich-1").contains("hx-get=\"/consumers/live\"");
    }

    @Test
    void a_halted_app_shows_halted_with_its_failing_event() {
        data.halt();
        String body = client.get("/consumers/live").body();
        assertThat(body).contains("verdict HALTED").contains("at topic 'clicks.enriched' partition 1 offset 90 after 3 attempt(s)")
                .contains("/topics/clicks.enriched?partition=1&amp;offset=90&amp;limit=1");
        assertThat(client.get("/apps/score").body()).contains("verdict HALTED").contains("Failing event:");
    }

    @Test
    void apps_page_lists_the_catalog() {
        HubClient.Response r = client.get("/apps");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("data-app=\"enrich\"", "data-app=\"score\"").contains("team-ml")
                .contains("the enrich step").contains("href=\"https://runbooks.example/enrich\"")
                .contains("href=\"/topics/clicks.enriched\"");
    }

    @Test
    void a_materialization_shows_its_target_rows_and_store_outage_on_the_apps_page_and_its_own() {
        data.materialization();

        String apps = client.get("/apps").body();
        assertThat(apps).contains("materializes into postgres <b>signups</b>: <span class=\"rows\">990</span> row(s), lag 12")
                .contains("STORE AWAY").doesNotContain("href=\"/topics/postgres.signups\"");
        String page = client.get("/apps/signups-db").body();
        assertThat(page).contains("<section id=\"materialization\">").contains("<dd class=\"destination\">signups</dd>")
                .contains("<dd class=\"rows\">990</dd>").contains("cannot write to it: could not write 20 row(s): "
                        + "Connection refused (since ").contains("Cannot write to its store:")
                .contains("postgres.signups <span class=\"muted\">ferry-row: rows into the store, not a topic</span>")
                .doesNotContain("href=\"/topics/postgres.signups\"");
        assertThat(client.get("/apps/enrich").body()).doesNotContain("id=\"materialization\"");
    }

    @Test
    void app_page_shows_instances_inputs_outputs_schemas_and_runbook() {
        HubClient.Response r = client.get("/apps/enrich");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("enrich-host-1").contains("RUNNING").contains("at-least-once")
                .contains("<ul id=\"inputs\"><li><a href=\"/topics/clicks\">clicks</a>")
                .contains("Schema of clicks.enriched").contains("id=\"runbook\"")
                .contains("href=\"/consumers/enrich\"");
    }

    @Test
    void app_page_shows_the_alert_rules_and_runbook_the_hub_generated() {
        String body = client.get("/apps/enrich").body();
        assertThat(body).contains("<a href=\"#alerts\">Prometheus rules and runbook</a>")
                .contains("<pre class=\"code rules\" id=\"alert-rules\">groups:\n- name: ferry-enrich\n")
                .contains("alert: FerryAppHalted", "alert: FerryAppLagging", "alert: FerryAppStalled",
                        "alert: FerryAppNotReady", "alert: FerryAppDeadLettered")
                .contains("runbook_url: https://runbooks.example/enrich")
                .contains("kind: PrometheusRule")
                .contains("<pre class=\"code runbook\" id=\"runbook-text\"># Runbook: enrich\n")
                .contains("ferry show-failure enrich").doesNotContain("id=\"no-alerts\"");
    }

    @Test
    void app_page_escapes_the_alert_rules_and_runbook() {
        data.alerts("enrich", Optional.of(new AppAlerts("expr: up < 1", "kind: PrometheusRule",
                "# Runbook\n<script>alert(1)</script>")));
        String body = client.get("/apps/enrich").body();
        assertThat(body).contains("expr: up &lt; 1").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
    }

    @Test
    void an_app_without_alert_rules_says_so_and_keeps_its_page() {
        data.alerts("score", Optional.empty());
        HubClient.Response r = client.get("/apps/score");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"no-alerts\"").contains("<dt>Alert rules</dt><dd>-</dd>")
                .doesNotContain("id=\"alert-rules\"").contains("Schema of scores");
    }

    @Test
    void lineage_page_draws_the_graph_in_layers_and_the_chain_latency() {
        HubClient.Response r = client.get("/lineage");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<svg id=\"lineage-graph\"").contains("data-node=\"clicks\"")
                .contains("class=\"node app\" data-node=\"score\"").contains("class=\"edge\"")
                .contains("12.5 ms").contains("40.0 ms").contains("(40%)").contains("(60%)");
    }

    @Test
    void assets_come_from_the_hub_itself() {
        HubClient.Response htmx = client.get("/assets/htmx.min.js");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.contentType()).startsWith("text/javascript");
        assertThat(htmx.body()).contains("htmx");
        assertThat(client.get("/assets/hub.css").body()).contains(".verdict.HALTED");
        assertThat(client.get("/topics").body()).contains("<script src=\"/assets/htmx.min.js\">")
                .doesNotContain("https://");
    }
}
