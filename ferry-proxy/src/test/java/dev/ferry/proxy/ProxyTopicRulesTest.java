package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import dev.ferry.proxy.client.ProxySinkProvider;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which topics the proxy lets an app write, seen from the write-back plug-in's sink as the engine
 * uses it, against a real proxy whose catalog holds announcements on a real broker: a topic the app
 * did not declare and a topic another app owns (first in the catalog, or pinned) are rejected naming
 * the rule and the input event; a declared topic and the app's dead-letter topic are written.
 */
class ProxyTopicRulesTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final AtomicInteger APPS = new AtomicInteger();
    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"n\"]}";

    @TempDir
    Path dir;

    private final TestKafka kafka = KAFKA.client();

    private static String app() {
        return "rules-app-" + APPS.incrementAndGet();
    }

    private void announce(String app, String... outputs) {
        List<AppAnnouncement.Output> out = new ArrayList<>();
        for (String o : outputs) {
            out.add(new AppAnnouncement.Output(o, "json", "json-schema", SCHEMA));
        }
        Instant now = Instant.now();
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, app, "", "", "", app + "-0", "host", 1,
                List.of("in"), "json", out, "at-least-once", "proxy", "", "", now, now, false);
        kafka.produce("ferry.apps", List.of(a.toJson()));
    }

    private Sink sink(ProxyFixture proxy, String app) {
        return new ProxySinkProvider().create(TestSinkContext.of(app, Map.of("address", proxy.server.address(),
                "token-file", dir.resolve(app + ".token").toString(), "timeout", "5s")));
    }

    /** Two input events; the output of {@code input} 1 goes to {@code topic}, that of 0 to {@code first}. */
    private static SinkBatch batch(String first, String topic) {
        List<Event> consumed = List.of(
                Event.of("in", 0, 40, 0, null, "{}".getBytes(StandardCharsets.UTF_8), List.of()),
                Event.of("in", 0, 41, 0, null, "{}".getBytes(StandardCharsets.UTF_8), List.of()));
        return new SinkBatch(List.of(
                new OutputRecord(first, 0, null, "{\"n\": 1}".getBytes(StandardCharsets.UTF_8), Map.of(), 0),
                new OutputRecord(topic, 0, null, "{\"n\": 2}".getBytes(StandardCharsets.UTF_8), Map.of(), 1)), consumed);
    }

    private static ProcessingException rejection(Sink sink, SinkBatch batch) {
        try {
            sink.write(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ProcessingException.class);
            return (ProcessingException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the write was not rejected");
    }

    @Test
    void an_undeclared_topic_is_rejected_at_the_event_that_made_it_and_nothing_of_the_batch_is_written()
            throws Exception {
        String app = app();
        String declared = KAFKA.uniqueTopic("declared");
        String other = KAFKA.uniqueTopic("undeclared");
        kafka.createTopic(declared, 1);
        kafka.createTopic(other, 1);
        announce(app, declared);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "");
             Sink sink = sink(proxy, app)) {
            ProcessingException e = rejection(sink, batch(declared, other));
            assertThat(e.stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
            assertThat(e.eventIndex()).as("the input event the record was made from").isEqualTo(1);
            assertThat(e.getMessage()).contains("rejected output topic '" + other + "' event 0 (rule "
                    + "'undeclared-topic'): app '" + app + "' did not declare output topic '" + other + "'",
                    "lists " + declared);
        }
        assertThat(kafka.endOffsetTotal(declared)).as("nothing of a rejected batch is written").isZero();
    }

    @Test
    void a_topic_another_app_announced_first_is_rejected_even_if_this_app_declares_it() throws Exception {
        String owner = app();
        String app = app();
        String topic = KAFKA.uniqueTopic("owned");
        String mine = KAFKA.uniqueTopic("mine");
        kafka.createTopic(topic, 1);
        kafka.createTopic(mine, 1);
        announce(owner, topic);
        announce(app, mine, topic);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "");
             Sink sink = sink(proxy, app)) {
            ProcessingException e = rejection(sink, batch(mine, topic));
            assertThat(e.stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
            assertThat(e.eventIndex()).isEqualTo(1);
            assertThat(e.getMessage()).contains("(rule 'topic-owner'): topic '" + topic + "' belongs to app '"
                    + owner + "', which announced it first");
        }
        assertThat(kafka.endOffsetTotal(mine)).isZero();
    }

    @Test
    void a_pinned_owner_wins_over_the_catalog() throws Exception {
        String app = app();
        String topic = KAFKA.uniqueTopic("pinned");
        kafka.createTopic(topic, 1);
        announce(app, topic);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app),
                "topics:\n  " + topic + ": {owner: billing}\n");
             Sink sink = sink(proxy, app)) {
            ProcessingException e = rejection(sink, batch(topic, topic));
            assertThat(e.eventIndex()).isEqualTo(0);
            assertThat(e.getMessage()).contains("(rule 'topic-owner'): topic '" + topic + "' belongs to app 'billing' "
                    + "(topics." + topic + ".owner in " + proxy.config + ")");
        }
    }

    @Test
    void declared_topics_and_the_dead_letter_topic_are_written_once_the_broker_has_them() throws Exception {
        String app = app();
        String declared = KAFKA.uniqueTopic("declared");
        kafka.createTopic(declared, 1);
        kafka.createTopic(app + ".dead-letter", 1);
        announce(app, declared);
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "");
             Sink sink = sink(proxy, app)) {
            sink.write(batch(declared, app + ".dead-letter")).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(kafka.endOffsetTotal(declared)).as("acknowledged means on the broker").isEqualTo(1);
            assertThat(kafka.endOffsetTotal(app + ".dead-letter")).isEqualTo(1);
        }
    }

    @Test
    void an_app_the_catalog_does_not_know_gets_a_write_failure_that_is_retried_not_a_rejection() throws Exception {
        String app = app();
        String topic = KAFKA.uniqueTopic("t");
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "catalog-wait: 200ms\n");
             Sink sink = sink(proxy, app)) {
            ProcessingException e = rejection(sink, batch(topic, topic));
            assertThat(e.stage()).isEqualTo(ProcessingException.Stage.WRITE);
            assertThat(e.getMessage()).contains("app '" + app + "' has no announcement on topic 'ferry.apps' "
                    + "(announce.topic) yet");
        }
    }

    @Test
    void a_token_the_proxy_does_not_list_for_the_app_is_refused_at_start() throws Exception {
        String app = app();
        String stranger = app();
        announce(app, KAFKA.uniqueTopic("t"));
        try (ProxyFixture proxy = ProxyFixture.start(dir, kafka.profile(), List.of(app), "")) {
            java.nio.file.Files.writeString(dir.resolve(stranger + ".token"), proxy.tokens.get(app));
            assertThatThrownBy(() -> sink(proxy, stranger).close())
                    .isInstanceOf(dev.ferry.engine.StartupException.class)
                    .hasMessageContaining("app '" + stranger + "' is not listed under apps in the proxy's config");
        }
    }
}
