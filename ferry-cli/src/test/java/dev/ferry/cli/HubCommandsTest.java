package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ferry topics and ferry apps: the hub's views, loaded once, against a real broker with a real app. */
class HubCommandsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    public static class Copier {
        @Ferry(app = "hub-cli-counter", topics = "hub.in", start = Start.BEGINNING)
        public static void count(List<String> events) {
        }
    }

    @BeforeAll
    static void cluster() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("hub.in", 2);
        kafka.createTopic("hub.busy", 1);
        kafka.produceKeyed("hub.in", keyed(0, 10)); // keyed, so that both partitions get events, always the same
        kafka.produce("hub.busy", IntStream.range(0, 30).mapToObj(i -> "{\"n\": " + i + "}").toList());
        try (RunningApp app = kafka.start(Copier.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("hub-cli-counter").values()
                    .stream().mapToLong(Long::longValue).sum() == 10);
        }
        kafka.produceKeyed("hub.in", keyed(10, 14));
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, "hub-cli-counter", "Counts events.",
                "ds-team@example.com", "1.2.0", "i-1", "host-1", 7, List.of("hub.in"), "json",
                List.of(new AppAnnouncement.Output("hub.out", "json", "json-schema", "{\"type\":\"object\"}")),
                "at-least-once", "direct", "https://runbooks.example.com/hub-cli-counter", "", Instant.now(),
                Instant.now(), false);
        kafka.produceKeyed("ferry.apps", List.of(new AbstractMap.SimpleEntry<>(
                AppAnnouncement.key(a.app(), a.instance()), a.toJson())));
    }

    private static List<Map.Entry<String, String>> keyed(int from, int to) {
        return IntStream.range(from, to).<Map.Entry<String, String>>mapToObj(
                i -> new AbstractMap.SimpleEntry<>("k" + i, "{\"n\": " + i + "}")).toList();
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-b";
        all[args.length + 1] = KAFKA.bootstrapServers();
        return Cli.in(dir, Map.of()).run(all);
    }

    @Test
    void topics_lists_each_topic_with_its_rate_events_readers_writers_and_lag() {
        Cli.Result r = run("topics");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("TOPIC").contains("MSG/MIN");
        String in = line(r.out(), "hub.in");
        assertThat(in.split("\\s+")).startsWith("hub.in", "2", "14").contains("hub-cli-counter");
        assertThat(in).as(r.out()).endsWith(" 4");
        assertThat(line(r.out(), "hub.busy").split("\\s+")).startsWith("hub.busy", "1", "30");
        assertThat(r.out()).doesNotContain("__consumer_offsets").doesNotContain("ferry.apps");
        assertThat(run("topics", "--all").out()).contains("__consumer_offsets").contains("ferry.apps");
    }

    @Test
    void topics_sorts_by_rate_or_lag_and_prints_json() throws Exception {
        String byRate = run("topics", "--sort", "rate").out();
        assertThat(byRate.indexOf("hub.busy")).as(byRate).isLessThan(byRate.indexOf("hub.in"));
        String byLag = run("topics", "--sort", "lag").out();
        assertThat(byLag.indexOf("hub.in")).isLessThan(byLag.indexOf("hub.busy"));
        Cli.Result json = run("topics", "--json");
        JsonNode topics = new ObjectMapper().readTree(json.out());
        JsonNode in = null;
        for (JsonNode t : topics) {
            if (t.path("name").asText().equals("hub.in")) {
                in = t;
            }
        }
        assertThat(in).isNotNull();
        assertThat(in.path("eventsHeld").asLong()).isEqualTo(14);
        assertThat(in.path("totalLag").asLong()).isEqualTo(4);
        assertThat(in.path("consumerGroups").get(0).asText()).isEqualTo("hub-cli-counter");
        assertThat(in.path("readingApps").get(0).asText()).isEqualTo("hub-cli-counter");
        assertThat(run("topics", "--sort", "size").exitCode()).isEqualTo(2);
    }

    @Test
    void apps_lists_the_catalog_and_shows_one_app_in_detail() throws Exception {
        Cli.Result list = run("apps");
        assertThat(list.exitCode()).as(list.err()).isZero();
        // the app announced itself when it ran, and stopped cleanly; the test's own announcement is the latest
        assertThat(line(list.out(), "hub-cli-counter")).contains("ds-team@example.com").contains(" 1/2 ")
                .contains("hub.in").contains("hub.out");
        assertThat(list.out()).endsWith("1 app(s)\n");
        Cli.Result one = run("apps", "hub-cli-counter");
        assertThat(one.out()).startsWith("app 'hub-cli-counter': Counts events.")
                .contains("version:    1.2.0").contains("writes:     hub.out (json, json-schema schema)")
                .contains("runbook:    https://runbooks.example.com/hub-cli-counter").contains("instance 'i-1'")
                .contains("stopped cleanly");
        JsonNode json = new ObjectMapper().readTree(run("apps", "hub-cli-counter", "--json").out());
        assertThat(json.path("latest").path("owner").asText()).isEqualTo("ds-team@example.com");
        assertThat(json.path("instances").size()).isEqualTo(2);
        assertThat(json.path("instances").get(0).path("announcement").path("instance").asText()).isEqualTo("i-1");
        assertThat(json.path("instances").get(1).path("live").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_app_is_named() {
        Cli.Result r = run("apps", "nobody");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("app 'nobody' is not in the catalog of '" + KAFKA.bootstrapServers()
                + "' (from --bootstrap-server): it never announced itself");
    }

    private static String line(String out, String first) {
        return out.lines().filter(l -> l.startsWith(first + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + first + " in\n" + out));
    }
}
