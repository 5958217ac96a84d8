package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.hub.kafka.HubSettings;
import dev.ferry.hub.kafka.KafkaHubData;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The hub as a person uses it: headless chromium on the real hub, over a real broker where a chain
 * of three Ferry apps runs (clicks -> enrich -> enriched -> score -> scored -> alert -> alerts) and a
 * fourth app has halted on a bad order. Each page's content is checked in the browser, a live
 * update is seen without a reload, and the main pages are saved as screenshots (target/screenshots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubBrowserTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    static final Duration WAIT = Duration.ofSeconds(60);

    /** A measured latency as the lineage page writes it: "12.5 ms" or "1.26 s". */
    static final String LATENCY = "\\d+\\.\\d+ m?s";

    public record Click(String user, int page) { }

    public record Enriched(String user, int page, String country) { }

    public record Scored(String user, double score) { }

    public record Alert(String user, String level) { }

    public record Order(int id, String item) { }

    public static class Enrich {
        @Ferry(app = "enrich", topics = "clicks", start = Start.BEGINNING, owner = "team-web",
                description = "Adds the user's country to each click",
                outputs = @Output(topic = "clicks.enriched", schema = Enriched.class))
        public static List<Enriched> enrich(List<Click> clicks) {
            return clicks.stream().map(c -> new Enriched(c.user(), c.page(), c.user().length() % 2 == 0 ? "FR" : "DE"))
                    .toList();
        }
    }

    public static class Score {
        @Ferry(app = "score", topics = "clicks.enriched", start = Start.BEGINNING, owner = "team-ml",
                description = "Scores how likely an enriched click is to convert",
                outputs = @Output(topic = "clicks.scored", schema = Scored.class))
        public static List<Scored> score(List<Enriched> clicks) {
            return clicks.stream().map(c -> new Scored(c.user(), (c.page() % 10) / 10.0)).toList();
        }
    }

    public static class Alerts {
        @Ferry(app = "alert", topics = "clicks.scored", start = Start.BEGINNING, owner = "team-ml",
                description = "Raises an alert for high scores",
                outputs = @Output(topic = "alerts", schema = Alert.class))
        public static List<Alert> alert(List<Scored> scores) {
            return scores.stream().map(s -> new Alert(s.user(), s.score() > 0.5 ? "high" : "low")).toList();
        }
    }

    public static class Picky {
        @Ferry(app = "orders-check", topics = "orders", start = Start.BEGINNING, owner = "team-shop",
                description = "Checks orders; halts on one it cannot read",
                outputs = @Output(topic = "orders.checked", schema = Order.class))
        public static List<Order> check(List<Order> orders) {
            for (Order o : orders) {
                if (o.id() == 13) {
                    throw new IllegalStateException("order 13 has no item price");
                }
            }
            return orders;
        }
    }

    private final List<RunningApp> apps = new ArrayList<>();
    private TestKafka kafka;
    private KafkaHubData data;
    private HubServer hub;
    private Browser browser;

    @BeforeAll
    void startTheChainTheHubAndTheBrowser() {
        kafka = KAFKA.client();
        kafka.createTopic("clicks", 3);
        for (String t : List.of("clicks.enriched", "clicks.scored", "alerts", "orders", "orders.checked")) {
            kafka.createTopic(t, t.equals("orders") || t.equals("orders.checked") ? 1 : 2);
        }
        PlatformProfile profile = kafka.profile().toBuilder().set("status.heartbeat", "1s")
                .set("retry.max-attempts", "2")
                .set("alerts.runbook-url", "http://127.0.0.1/runbooks/{app}.html").build();
        for (Class<?> app : List.of(Enrich.class, Score.class, Alerts.class, Picky.class)) {
            apps.add(FerryEngine.start(AppDescriptor.of(app), profile));
        }
        kafka.produceKeyed("clicks", clicks(0, 60));
        kafka.produce("orders", List.of("{\"id\": 11, \"item\": \"tea\"}", "{\"id\": 12, \"item\": \"cup\"}",
                "{\"id\": 13, \"item\": \"pot\"}", "{\"id\": 14, \"item\": \"spoon\"}"));
        await().atMost(WAIT).ignoreExceptions().until(() -> kafka.endOffsetTotal("alerts") >= 60);
        await().atMost(WAIT).ignoreExceptions().until(() -> apps.get(3).status().state() == AppStatus.State.HALTED);
        data = KafkaHubData.start(kafka.bootstrapServers(), profile, HubSettings.of(profile)
                .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        hub = HubServer.start(data, HubServer.Options.open().port(0).refresh(Duration.ofSeconds(1)));
        browser = Browser.open(hub.url());
    }

    @AfterAll
    void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (data != null) {
            data.close();
        }
        apps.forEach(RunningApp::close);
    }

    /** Clicks keyed by user, so they spread over the partitions. */
    private static List<Map.Entry<String, String>> clicks(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Map.entry("user-" + i,
                "{\"user\": \"user-" + i + "\", \"page\": " + i + "}")).toList();
    }

    @Test
    void topics_page_lists_the_chain_with_readers_and_writers_and_hides_internal_topics() {
        WebDriver page = browser.go("/topics");
        awaitRow(page, "clicks.enriched");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            WebElement row = browser.driver.findElement(By.cssSelector("tr[data-topic='clicks.enriched']"));
            assertThat(row.findElement(By.cssSelector("td.readers")).getText()).contains("score");
            assertThat(row.findElement(By.cssSelector("td.writers")).getText()).contains("enrich");
            assertThat(row.findElements(By.tagName("td")).get(1).getText()).as("partitions").isEqualTo("2");
        });
        assertThat(page.findElements(By.cssSelector("tr[data-topic='ferry.status']"))).isEmpty();
        page.findElement(By.id("internal")).click();
        page.findElement(By.cssSelector("form.filters button")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> !page.findElements(By.cssSelector("tr[data-topic='ferry.status']")).isEmpty());
        browser.go("/topics");
        awaitRow(page, "alerts");
        browser.screenshot("topics");
    }

    @Test
    void topics_page_filters_by_name() {
        WebDriver page = browser.go("/topics");
        awaitRow(page, "orders");
        page.findElement(By.id("filter")).sendKeys("clicks");
        page.findElement(By.cssSelector("form.filters button")).click();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(topicNames(page))
                .containsExactlyInAnyOrder("clicks", "clicks.enriched", "clicks.scored"));
    }

    @Test
    void a_live_update_is_seen_without_reloading_the_page() {
        WebDriver page = browser.go("/topics?q=clicks");
        WebElement row = awaitRow(page, "clicks");
        browser.driver.executeScript("window.ferryNotReloaded = true;");
        long before = held(page, "clicks");
        kafka.produceKeyed("clicks", clicks(1000, 1030));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(held(page, "clicks")).isGreaterThanOrEqualTo(before + 30));
        assertThat(browser.driver.executeScript("return window.ferryNotReloaded === true;"))
                .as("the rows changed by htmx, not by a reload").isEqualTo(true);
        assertThat(row).isNotNull();
    }

    @Test
    void topic_page_shows_partitions_chart_schema_producers_consumers_and_events() {
        WebDriver page = browser.go("/topics/clicks.enriched");
        assertThat(page.findElements(By.cssSelector("#partitions tbody tr"))).hasSize(2);
        assertThat(page.findElements(By.id("rate-chart"))).hasSize(1);
        assertThat(page.findElement(By.id("producers")).getText()).contains("enrich");
        assertThat(page.findElement(By.id("consumers")).getText()).contains("score");
        assertThat(page.findElement(By.id("schema")).getText()).contains("\"country\"");
        List<WebElement> events = page.findElements(By.cssSelector("article.event"));
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).findElement(By.cssSelector("pre.value")).getText()).contains("\"country\" :");
        assertThat(events.get(0).getText()).contains("traceparent");
        browser.screenshot("topic");
    }

    @Test
    void the_peek_form_shows_one_partition_and_a_bad_request_is_a_message() {
        WebDriver page = browser.go("/topics/clicks");
        page.findElement(By.name("partition")).sendKeys("1");
        page.findElement(By.name("limit")).sendKeys("3");
        page.findElement(By.cssSelector("#peek button")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> page.getCurrentUrl().contains("partition=1"));
        List<WebElement> events = page.findElements(By.cssSelector("article.event"));
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.getDomAttribute("data-partition")).isEqualTo("1"));
        List<Long> offsets = events.stream().map(e -> Long.parseLong(e.getDomAttribute("data-offset"))).toList();
        assertThat(offsets).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));
        browser.go("/topics/clicks?offset=5");
        assertThat(page.findElement(By.id("peek-error")).getText()).contains("an offset needs a partition");
    }

    @Test
    void consumers_page_shows_the_halted_app_with_its_failing_event() {
        WebDriver page = browser.go("/consumers");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            WebElement group = page.findElement(By.cssSelector("section.group[data-group='orders-check']"));
            assertThat(group.findElement(By.cssSelector(".verdict")).getText()).isEqualTo("HALTED");
            assertThat(group.findElement(By.cssSelector(".failure")).getText())
                    .contains("topic 'orders' partition 0 offset 2").contains("order 13 has no item price");
        });
        WebElement enrich = page.findElement(By.cssSelector("section.group[data-group='enrich']"));
        assertThat(enrich.findElement(By.cssSelector("a.app")).getDomAttribute("href")).isEqualTo("/apps/enrich");
        assertThat(enrich.findElements(By.cssSelector("table.lags tbody tr"))).hasSize(3);
        browser.screenshot("consumers");
    }

    @Test
    void apps_page_lists_the_catalog_and_an_app_page_its_instances() {
        WebDriver page = browser.go("/apps");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(page.findElements(By.cssSelector("#apps tr[data-app]"))
                .stream().map(r -> r.getDomAttribute("data-app")).toList())
                .contains("alert", "enrich", "orders-check", "score"));
        WebElement score = page.findElement(By.cssSelector("tr[data-app='score']"));
        assertThat(score.getText()).contains("team-ml").contains("Scores how likely").contains("clicks.enriched")
                .contains("clicks.scored");
        assertThat(score.findElement(By.linkText("runbook")).getDomAttribute("href"))
                .isEqualTo("http://127.0.0.1/runbooks/score.html");
        browser.screenshot("apps");
        score.findElement(By.linkText("score")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> page.getCurrentUrl().endsWith("/apps/score"));
        assertThat(page.findElement(By.id("instances")).getText()).contains("RUNNING");
        assertThat(page.findElement(By.id("outputs")).getText()).contains("clicks.scored");
        assertThat(page.findElement(By.id("alert-rules")).getText()).contains("name: ferry-score")
                .contains("alert: FerryAppHalted").contains("runbook_url: http://127.0.0.1/runbooks/score.html");
        WebElement runbook = page.findElement(By.id("runbook-text"));
        assertThat(runbook.isDisplayed()).isFalse(); // collapsed until asked for
        page.findElement(By.xpath("//details[pre[@id='runbook-text']]/summary")).click();
        await().atMost(WAIT).until(runbook::isDisplayed);
        assertThat(runbook.getText()).startsWith("# Runbook: score").contains("ferry show-failure score");
        browser.screenshot("app");
        browser.go("/apps/orders-check");
        assertThat(page.findElement(By.id("instances")).getText()).contains("HALTED").contains("order 13 has no item price");
    }

    @Test
    void a_materialization_shows_its_target_rows_and_store_outage() {
        // as ferry materialize announces and reports one (its output is ferry-row rows, named <type>.<table>)
        java.time.Instant now = java.time.Instant.now();
        dev.ferry.engine.AppAnnouncement a = new dev.ferry.engine.AppAnnouncement(
                dev.ferry.engine.AppAnnouncement.VERSION, "signups-db", "materializes signups", "team-web", "", "i1",
                "host-1", 7, List.of("signups"), "json", List.of(new dev.ferry.engine.AppAnnouncement.Output(
                "postgres.signups", "ferry-row", "json-schema", "{\"type\":\"object\"}")), "exactly-once",
                "materialize", "", "", now, now, false);
        dev.ferry.engine.StatusReport r = new dev.ferry.engine.StatusReport(dev.ferry.engine.StatusReport.VERSION,
                "signups-db", "i1", "host-1", 7, now, Duration.ofMinutes(10), false, new AppStatus("signups-db",
                AppStatus.State.RUNNING, 1, 3, 60, 60, 0, java.util.Optional.empty(), AppStatus.Health.OK, "", 0,
                java.util.Optional.empty(), java.util.Optional.of(new AppStatus.StoreUnavailable(now, Duration.ZERO,
                "could not write 20 row(s): Connection refused"))));
        HubSettings settings = HubSettings.of(kafka.profile());
        kafka.produceKeyed(settings.announceTopic(), List.of(Map.entry("signups-db/i1", a.toJson())));
        kafka.produceKeyed(settings.statusTopic(), List.of(Map.entry(dev.ferry.engine.StatusReport.key("signups-db", "i1"),
                r.toJson())));

        WebDriver page = browser.go("/apps");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(page.findElement(By.cssSelector("tr[data-app='signups-db'] td.materialization")).getText())
                    .contains("materializes into postgres signups: 60 row(s), lag 0").contains("STORE AWAY");
        });
        page.findElement(By.linkText("signups-db")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> page.getCurrentUrl().endsWith("/apps/signups-db"));
        assertThat(page.findElement(By.id("materialization")).getText()).contains("postgres").contains("signups")
                .contains("60").contains("cannot write to it: could not write 20 row(s): Connection refused");
        assertThat(page.findElement(By.id("instances")).getText()).contains("Cannot write to its store:");
        browser.screenshot("materialization");
    }

    @Test
    void lineage_page_draws_the_chain_and_its_latency() {
        WebDriver page = browser.go("/lineage");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            browser.go("/lineage");
            assertThat(page.findElements(By.cssSelector("#lineage-graph a.node")).stream()
                    .map(n -> n.getDomAttribute("data-node")).toList())
                    .contains("clicks", "enrich", "clicks.enriched", "score", "clicks.scored", "alert", "alerts");
            WebElement chain = page.findElements(By.cssSelector("#chains tr.chain")).stream()
                    .filter(r -> r.getText().startsWith("clicks")).filter(r -> r.getText().contains("alerts"))
                    .findFirst().orElseThrow();
            assertThat(chain.findElement(By.cssSelector(".p50")).getText()).as("measured, not '-'").matches(LATENCY);
            assertThat(chain.findElement(By.cssSelector(".p99")).getText()).matches(LATENCY);
            assertThat(Integer.parseInt(chain.findElement(By.cssSelector("td.num")).getText())).as("samples")
                    .isPositive();
            assertThat(chain.findElements(By.cssSelector(".hop"))).hasSize(3);
        });
        assertThat(page.findElements(By.cssSelector("#lineage-graph path.edge"))).hasSizeGreaterThanOrEqualTo(6);
        browser.screenshot("lineage");
    }

    @Test
    void an_unknown_topic_is_a_404_page_saying_so() {
        WebDriver page = browser.go("/topics/no.such.topic");
        assertThat(page.findElement(By.id("error-message")).getText()).isEqualTo("There is no topic 'no.such.topic'.");
        assertThat(page.getTitle()).startsWith("Not found");
    }

    private static WebElement awaitRow(WebDriver page, String topic) {
        By row = By.cssSelector("tr[data-topic='" + topic + "']");
        await().atMost(WAIT).ignoreExceptions().until(() -> !page.findElements(row).isEmpty());
        return page.findElement(row);
    }

    private static List<String> topicNames(WebDriver page) {
        return page.findElements(By.cssSelector("#topic-rows tr[data-topic]")).stream()
                .map(r -> r.getDomAttribute("data-topic")).toList();
    }

    private static long held(WebDriver page, String topic) {
        String text = page.findElement(By.cssSelector("tr[data-topic='" + topic + "'] td.held")).getText();
        return Long.parseLong(text.replace(",", ""));
    }

}
