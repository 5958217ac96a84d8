package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.TopicSummary;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The topics page's numbers, from a real broker: rates from record timestamps, events held, groups, apps, lag, internal flags. */
class TopicsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void rates_count_the_events_written_in_the_last_minute_and_average_the_last_hour() {
        String topic = KAFKA.uniqueTopic("orders");
        KAFKA.createTopic(topic, 2);
        Instant now = Instant.now();
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 30; i++) {
                records.text(topic, i % 2, now.minus(Duration.ofHours(2)), "old " + i);
            }
            for (int i = 0; i < 120; i++) {
                records.text(topic, i % 2, now.minus(Duration.ofMinutes(30)), "half an hour ago " + i);
            }
            for (int i = 0; i < 5; i++) {
                records.text(topic, i % 2, now, "now " + i);
            }
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            TopicSummary t = summary(hub, topic);
            assertThat(t.partitions()).isEqualTo(2);
            assertThat(t.eventsHeld()).isEqualTo(155);
            assertThat(t.perMinuteLastMinute()).isEqualTo(5);
            assertThat(t.perMinuteLastHour()).isEqualTo(125 / 60.0);
            assertThat(t.internal()).isFalse();
            assertThat(t.sizeBytes()).isPositive();
        }
    }

    @Test
    void a_topics_hour_curve_puts_each_event_in_the_minute_it_was_written() {
        String topic = KAFKA.uniqueTopic("curve");
        KAFKA.createTopic(topic, 3);
        Instant now = Instant.now();
        Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            records.text(topic, 0, now.minus(Duration.ofMinutes(90)), "too old to count");
            for (int i = 0; i < 7; i++) {
                records.text(topic, i % 3, tenMinutesAgo, "e" + i);
            }
        }
        HubSettings noRefresh = HubFixture.settings(KAFKA, topic)
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
        try (KafkaHubData hub = HubFixture.start(KAFKA, noRefresh, now)) {
            TopicDetail d = hub.topic(topic).orElseThrow(); // no background read yet: the view reads the hour itself
            List<TopicDetail.RatePoint> hour = d.lastHour();
            assertThat(hour).hasSize(60);
            for (int i = 1; i < 60; i++) {
                assertThat(Duration.between(hour.get(i - 1).minute(), hour.get(i).minute())).isEqualTo(Duration.ofMinutes(1));
            }
            assertThat(hour.get(59).minute()).isEqualTo(now.truncatedTo(ChronoUnit.MINUTES));
            Instant minute = tenMinutesAgo.truncatedTo(ChronoUnit.MINUTES);
            assertThat(hour).filteredOn(p -> p.minute().equals(minute)).singleElement()
                    .extracting(TopicDetail.RatePoint::events).isEqualTo(7L);
            assertThat(hour.stream().mapToLong(TopicDetail.RatePoint::events).sum()).isEqualTo(7);
            assertThat(d.partitions()).extracting(TopicDetail.PartitionView::partition).containsExactly(0, 1, 2);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader()).isGreaterThanOrEqualTo(0));
            assertThat(d.partitions().stream().mapToLong(p -> p.latest() - p.earliest()).sum()).isEqualTo(8);
            long first = pageReads(hub); // 60 boundaries, and the log ends where no event reached one yet
            assertThat(first).isBetween(60L, 120L);
            hub.topic(topic); // a second view reads nothing: what it read is kept
            assertThat(pageReads(hub)).isEqualTo(first);
        }
    }

    @Test
    void once_the_background_has_read_the_hour_a_topics_page_costs_no_request() {
        String topic = KAFKA.uniqueTopic("curve-bg");
        KAFKA.createTopic(topic, 2);
        Instant now = Instant.now();
        Instant twentyMinutesAgo = now.minus(Duration.ofMinutes(20));
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 4; i++) {
                records.text(topic, i % 2, twentyMinutesAgo, "e" + i);
            }
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic), now)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.curves().boundariesRead() == 60);
            long before = pageReads(hub);
            List<TopicDetail.RatePoint> hour = hub.topic(topic).orElseThrow().lastHour();
            assertThat(pageReads(hub)).isEqualTo(before);
            assertThat(hour).filteredOn(p -> p.minute().equals(twentyMinutesAgo.truncatedTo(ChronoUnit.MINUTES)))
                    .singleElement().extracting(TopicDetail.RatePoint::events).isEqualTo(4L);
            assertThat(hour.stream().mapToLong(TopicDetail.RatePoint::events).sum()).isEqualTo(4);
        }
    }

    private static long pageReads(KafkaHubData hub) {
        return hub.requestCounts().snapshot().getOrDefault(HourCurves.PAGE_KIND, 0L);
    }

    @Test
    void a_topic_lists_its_groups_their_lag_the_apps_that_read_and_write_it_and_its_schema() {
        String prefix = KAFKA.uniqueTopic("t");
        String in = prefix + ".in";
        String out = prefix + ".out";
        KAFKA.createTopic(in, 1);
        KAFKA.createTopic(out, 1);
        HubSettings settings = HubFixture.settings(KAFKA, prefix);
        try (Records records = new Records(KAFKA.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                records.text(in, 0, null, "{\"n\": " + i + "}");
            }
            records.commit(prefix + "-reader", in, 0, 4);
            records.commit(prefix + "-other", in, 0, 10);
            records.announce(settings.announceTopic(), Records.announcement(prefix + "-app", "i1", List.of(in),
                    List.of(out), Instant.now(), false));
        }
        try (KafkaHubData hub = HubFixture.start(KAFKA, settings)) {
            TopicSummary t = summary(hub, in);
            assertThat(t.consumerGroups()).containsExactly(prefix + "-other", prefix + "-reader");
            assertThat(t.totalLag()).isEqualTo(6);
            assertThat(t.readingApps()).containsExactly(prefix + "-app");
            assertThat(t.writingApps()).isEmpty();
            assertThat(summary(hub, out).writingApps()).containsExactly(prefix + "-app");
            TopicDetail d = hub.topic(out).orElseThrow();
            assertThat(d.schemaApp()).isEqualTo(prefix + "-app");
            assertThat(d.schema()).hasValueSatisfying(o -> assertThat(o.schema()).isEqualTo("{\"type\":\"object\"}"));
            assertThat(hub.topic(in).orElseThrow().schema()).isEmpty();
            assertThat(hub.topic("no-such-topic")).isEmpty();
        }
    }

    @Test
    void kafkas_and_ferrys_own_topics_are_flagged_internal() {
        String prefix = KAFKA.uniqueTopic("i");
        KAFKA.createTopic("_schemas", 1);
        KAFKA.createTopic("ferry.audit", 1);
        KAFKA.createTopic(prefix + ".apps", 1);
        KAFKA.createTopic(prefix, 1);
        new Records(KAFKA.bootstrapServers()).commit(prefix + "-g", prefix, 0, 0); // makes __consumer_offsets
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, prefix))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.topics().stream()
                    .anyMatch(t -> t.name().equals("__consumer_offsets")));
            assertThat(hub.topics()).filteredOn(TopicSummary::internal).extracting(TopicSummary::name)
                    .contains("__consumer_offsets", "_schemas", "ferry.audit", prefix + ".apps")
                    .doesNotContain(prefix);
            assertThat(hub.topics()).extracting(TopicSummary::name).isSorted();
        }
    }

    @Test
    void pages_are_served_from_what_the_background_refresh_read() {
        String topic = KAFKA.uniqueTopic("cached");
        KAFKA.createTopic(topic, 1);
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic)
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)))) {
            long before = adminCalls(hub);
            for (int i = 0; i < 100; i++) {
                hub.topics();
                hub.consumers();
                hub.apps();
                hub.lineage();
            }
            assertThat(adminCalls(hub) - before).isZero();
            assertThat(hub.requestCounts().snapshot()).containsKeys("admin.listTopics", "admin.describeTopics",
                    "admin.listOffsets", "admin.listGroups");
        }
    }

    @Test
    void a_new_topic_shows_up_at_the_next_refresh() {
        String topic = KAFKA.uniqueTopic("late");
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            assertThat(hub.topics()).extracting(TopicSummary::name).doesNotContain(topic);
            KAFKA.createTopic(topic, 4);
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.topics().stream()
                    .anyMatch(t -> t.name().equals(topic) && t.partitions() == 4));
        }
    }

    @Test
    void a_cluster_that_does_not_answer_is_named() {
        HubSettings s = HubFixture.settings(KAFKA, KAFKA.uniqueTopic("down"));
        HubSettings quick = new HubSettings(s.metadataInterval(), s.ratesInterval(), s.lineageInterval(), s.lagWindow(),
                s.maxAgeFetches(), s.samplesPerTopic(), s.maxSampleBytes(), s.maxSampleTopics(), Duration.ofSeconds(2),
                s.statusTopic(), s.announceTopic(), s.auditTopic());
        assertThatThrownBy(() -> KafkaHubData.loadOnce("127.0.0.1:1", KAFKA.client().profile(), quick))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot read the Kafka cluster at '127.0.0.1:1': ");
    }

    private static long adminCalls(KafkaHubData hub) {
        return hub.requestCounts().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("admin."))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    static TopicSummary summary(KafkaHubData hub, String topic) {
        return hub.topics().stream().filter(t -> t.name().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError("no topic " + topic + " in " + hub.topics()));
    }
}
