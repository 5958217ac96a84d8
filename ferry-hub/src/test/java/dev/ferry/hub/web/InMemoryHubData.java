package dev.ferry.hub.web;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppAlerts;
import dev.ferry.hub.AppView;
import dev.ferry.hub.GroupView;
import dev.ferry.hub.HubData;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.LineageView.Kind;
import dev.ferry.hub.LineageView.Node;
import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.TopicSummary;
import dev.ferry.runbook.AnnouncedApp;
import dev.ferry.runbook.RunbookTexts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link HubData} held in memory, for testing the pages and the API without a cluster: a chain
 * clicks -> enrich -> clicks.enriched -> score -> scores, a plain group, an internal topic, and a
 * halted app. Tests change it while the hub serves it (rates, verdicts) to see live updates.
 */
final class InMemoryHubData implements HubData {

    static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

    final Map<String, TopicSummary> topics = new ConcurrentHashMap<>();
    final Map<String, GroupView> groups = new ConcurrentHashMap<>();
    final Map<String, AppView> apps = new ConcurrentHashMap<>();
    final List<PeekedEvent> events = new CopyOnWriteArrayList<>();
    volatile LineageView lineage;
    volatile List<PeekRequest> peeks = new CopyOnWriteArrayList<>();

    InMemoryHubData() {
        topic("clicks", 3, 1200, List.of("enrich"), List.of("enrich"), List.of(), 4);
        topic("clicks.enriched", 3, 1180, List.of("score"), List.of("score"), List.of("enrich"), 0);
        topic("scores", 1, 1175, List.of("audit-tool"), List.of(), List.of("score"), 120);
        topic("__consumer_offsets", 50, 3, List.of(), List.of(), List.of(), 0, true);
        topic("ferry.apps", 1, 0, List.of(), List.of(), List.of(), 0, true);
        group("enrich", AppStatus.Health.OK, "", Optional.empty(), "clicks");
        group("score", AppStatus.Health.OK, "", Optional.empty(), "clicks.enriched");
        group("audit-tool", AppStatus.Health.LAGGING, "lag did not shrink over the window", Optional.empty(), "scores");
        app("enrich", List.of("clicks"), "clicks.enriched", AppStatus.State.RUNNING, AppStatus.Health.OK, null);
        app("score", List.of("clicks.enriched"), "scores", AppStatus.State.RUNNING, AppStatus.Health.OK, null);
        events.add(new PeekedEvent(0, 41, NOW, "user-7", List.of(new PeekedEvent.Header("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                "{\n  \"user\" : \"<script>alert(1)</script>\",\n  \"score\" : 0.5\n}", PeekedEvent.ValueKind.JSON));
        events.add(new PeekedEvent(1, 7, NOW.minusSeconds(5), null, List.of(), "00 ff 10 7f",
                PeekedEvent.ValueKind.BINARY));
        events.add(new PeekedEvent(2, 3, NOW.minusSeconds(9), "k", List.of(), null, PeekedEvent.ValueKind.TOMBSTONE));
        lineage = chainLineage(12.5, 40.0, 120);
    }

    void topic(String name, int partitions, long perMinute, List<String> groups, List<String> readers,
               List<String> writers, long lag) {
        topic(name, partitions, perMinute, groups, readers, writers, lag, false);
    }

    void topic(String name, int partitions, long perMinute, List<String> groups, List<String> readers,
               List<String> writers, long lag, boolean internal) {
        topics.put(name, new TopicSummary(name, partitions, internal, perMinute, perMinute * 0.9, perMinute * 30,
                perMinute * 30 * 120, groups, readers, writers, lag));
    }

    /** Sets a topic's rate in the last minute, as a later measurement would. */
    void rate(String name, long perMinute) {
        TopicSummary t = topics.get(name);
        topics.put(name, new TopicSummary(t.name(), t.partitions(), t.internal(), perMinute, t.perMinuteLastHour(),
                t.eventsHeld(), t.sizeBytes(), t.consumerGroups(), t.readingApps(), t.writingApps(), t.totalLag()));
    }

    void group(String id, AppStatus.Health verdict, String reason, Optional<AppStatus.Failure> failure, String topic) {
        boolean isApp = id.equals("enrich") || id.equals("score");
        groups.put(id, new GroupView(id, "Stable",
                List.of(new GroupView.Member(id + "-1", "/127.0.0.1", List.of(topic + "-0", topic + "-1"))),
                List.of(new GroupView.PartitionLag(topic, 0, 100, 104, 4, 2.5),
                        new GroupView.PartitionLag(topic, 1, 90, 90, 0, 0)),
                4, verdict, reason, failure, isApp ? Optional.of(id) : Optional.empty()));
    }

    /** Adds the topic {@code payments}, written by the app {@code vault}, whose schema marks {@code user} sensitive. */
    void sensitive() {
        topic("payments", 3, 10, List.of(), List.of(), List.of("vault"), 0);
        app("vault", List.of("clicks"), "payments", AppStatus.State.RUNNING, AppStatus.Health.OK, null,
                "{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"string\",\"x-ferry-sensitive\":true},"
                        + "\"score\":{\"type\":\"number\"}}}");
    }

    /** Makes {@code score} halted on an event of clicks.enriched, as its status report would say. */
    void halt() {
        AppStatus.Failure failure = new AppStatus.Failure(new EventPosition("clicks.enriched", 1, 90), 3,
                "NumberFormatException: For input string: \"x\"");
        group("score", AppStatus.Health.HALTED, "halted at clicks.enriched-1@90", Optional.of(failure),
                "clicks.enriched");
        app("score", List.of("clicks.enriched"), "scores", AppStatus.State.HALTED, AppStatus.Health.HALTED, failure);
    }

    void app(String name, List<String> inputs, String output, AppStatus.State state, AppStatus.Health health,
             AppStatus.Failure failure) {
        app(name, inputs, output, state, health, failure,
                "{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"string\"}}}");
    }

    void app(String name, List<String> inputs, String output, AppStatus.State state, AppStatus.Health health,
             AppStatus.Failure failure, String jsonSchema) {
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, name, "the " + name + " step", "team-ml",
                "1.2.0", name + "-host-1", "host-1", 4242, inputs, "json",
                List.of(new AppAnnouncement.Output(output, "json", "json-schema", jsonSchema)),
                "at-least-once", "direct", "https://runbooks.example/" + name, "http://127.0.0.1:9400",
                NOW.minusSeconds(600), NOW.minusSeconds(600), false);
        AppStatus status = new AppStatus(name, state, 1, 3, 1000, 990, 0, Optional.ofNullable(failure), health,
                health == AppStatus.Health.OK ? "" : "halted", 4, Optional.empty());
        StatusReport report = new StatusReport(StatusReport.VERSION, name, a.instance(), "host-1", 4242, NOW,
                Duration.ofSeconds(10), false, status);
        RunbookTexts texts = AnnouncedApp.render(a, PlatformProfile.builder().build(), "RUNBOOK.md");
        apps.put(name, new AppView(name, a, List.of(new AppView.Instance(a, Optional.of(report), true)),
                Optional.of(a.runbook()), Optional.of(new AppAlerts(texts.rules(), texts.prometheusRule(),
                texts.runbook()))));
    }

    /**
     * Adds {@code signups-db}, a materialization of {@code signups} into PostgreSQL table
     * {@code signups} that has written 990 rows and whose store is away.
     */
    void materialization() {
        AppAnnouncement a = new AppAnnouncement(AppAnnouncement.VERSION, "signups-db", "materializes signups",
                "team-ml", "", "signups-db-host-1", "host-1", 4243, List.of("signups"), "json",
                List.of(new AppAnnouncement.Output("postgres.signups", "ferry-row", "json-schema", "{\"type\":\"object\"}")),
                "exactly-once", "materialize", "", "http://127.0.0.1:9401", NOW.minusSeconds(600), NOW.minusSeconds(600),
                false);
        AppStatus status = new AppStatus("signups-db", AppStatus.State.RUNNING, 1, 1, 990, 990, 0, Optional.empty(),
                AppStatus.Health.OK, "", 12, Optional.empty(), Optional.of(new AppStatus.StoreUnavailable(
                NOW.minusSeconds(30), Duration.ofSeconds(30), "could not write 20 row(s): Connection refused")));
        StatusReport report = new StatusReport(StatusReport.VERSION, "signups-db", a.instance(), "host-1", 4243, NOW,
                Duration.ofSeconds(10), false, status);
        apps.put("signups-db", new AppView("signups-db", a, List.of(new AppView.Instance(a, Optional.of(report), true)),
                Optional.empty()));
    }

    /** Replaces an app's alert rules and runbook. */
    void alerts(String app, Optional<AppAlerts> alerts) {
        apps.computeIfPresent(app, (k, v) -> v.withAlerts(alerts));
    }

    static LineageView chainLineage(double p50, double p99, int samples) {
        Node clicks = new Node(Kind.TOPIC, "clicks");
        Node enrich = new Node(Kind.APP, "enrich");
        Node enriched = new Node(Kind.TOPIC, "clicks.enriched");
        Node score = new Node(Kind.APP, "score");
        Node scores = new Node(Kind.TOPIC, "scores");
        return new LineageView(List.of(clicks, enrich, enriched, score, scores),
                List.of(new LineageView.Edge(clicks, enrich), new LineageView.Edge(enrich, enriched),
                        new LineageView.Edge(enriched, score), new LineageView.Edge(score, scores)),
                List.of(new LineageView.Chain(List.of(clicks, enrich, enriched, score, scores), samples, p50, p99,
                        List.of(new LineageView.Hop("enrich", p50 * 0.4, 0.4), new LineageView.Hop("score", p50 * 0.6, 0.6)))));
    }

    @Override
    public List<TopicSummary> topics() {
        return topics.values().stream().sorted(Comparator.comparing(TopicSummary::name)).toList();
    }

    @Override
    public Optional<TopicDetail> topic(String name) {
        TopicSummary t = topics.get(name);
        if (t == null) {
            return Optional.empty();
        }
        List<TopicDetail.PartitionView> partitions = new ArrayList<>();
        for (int p = 0; p < t.partitions(); p++) {
            partitions.add(new TopicDetail.PartitionView(p, 0, 100 + p, 1, 4096));
        }
        List<TopicDetail.RatePoint> hour = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            hour.add(new TopicDetail.RatePoint(NOW.minus(Duration.ofMinutes(60 - m)), t.perMinuteLastMinute() + m % 7));
        }
        Optional<AppAnnouncement.Output> schema = apps.values().stream()
                .flatMap(a -> a.latest().outputs().stream()).filter(o -> o.topic().equals(name)).findFirst();
        String schemaApp = apps.values().stream().filter(a -> a.latest().outputs().stream()
                .anyMatch(o -> o.topic().equals(name))).map(AppView::name).findFirst().orElse("");
        return Optional.of(new TopicDetail(t, partitions, hour, schema, schemaApp));
    }

    @Override
    public List<PeekedEvent> peek(String topic, PeekRequest request) {
        TopicSummary t = topics.get(topic);
        if (t == null) {
            throw new IllegalArgumentException("there is no topic '" + topic + "'");
        }
        if (request.partition().isPresent() && request.partition().getAsInt() >= t.partitions()) {
            throw new IllegalArgumentException("topic '" + topic + "' has no partition " + request.partition().getAsInt()
                    + " (it has " + t.partitions() + ")");
        }
        peeks.add(request);
        return events.stream()
                .filter(e -> request.partition().isEmpty() || e.partition() == request.partition().getAsInt())
                .limit(request.limit()).toList();
    }

    @Override
    public List<GroupView> consumers() {
        return groups.values().stream().sorted(Comparator.comparing(GroupView::group)).toList();
    }

    @Override
    public Optional<GroupView> consumer(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    @Override
    public List<AppView> apps() {
        return apps.values().stream().sorted(Comparator.comparing(AppView::name)).toList();
    }

    @Override
    public Optional<AppView> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    @Override
    public LineageView lineage() {
        return lineage;
    }
}
