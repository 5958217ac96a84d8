package dev.ferry.hub.kafka;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppView;
import dev.ferry.hub.GroupView;
import dev.ferry.hub.HubData;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.TopicSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HubData} over a Kafka cluster. Pages are served from what background refreshes read, never
 * by a request to the cluster per page view (but a peek, and the first view of a topic the hour
 * curves do not cover yet), so the hub's load on the cluster depends on its refresh intervals and
 * the cluster's size, not on its visitors.
 *
 * <p>Design. One refresh thread runs four tasks on their own intervals ({@link HubSettings}):
 * the metadata refresh (a fixed handful of Admin calls naming every topic and group at once:
 * {@link MetadataReader}), after which the hub's own lag verdicts take a sample
 * ({@link GroupVerdicts}) and the ages of lagging partitions' oldest events are read where their
 * committed offset moved ({@link LagAges}); the rates (three {@code listOffsets} calls:
 * {@link Rates}); the hour curves (checked every second, one or two {@code listOffsets} calls per
 * new minute for every partition: {@link HourCurves}); and the lineage sampling ({@link LatencySampler}). A second thread follows
 * the announcement and status topics into the {@link Catalog}; each app's alert rules and runbook are
 * generated from its latest announcement, once per announcement ({@link AppRunbooks}). Each task publishes an immutable
 * result through a volatile field, and the refresh thread builds the topics and consumers lists
 * right after, so a page view reads a ready list (rebuilt on the caller's thread only when the
 * catalog changed, or, for consumers, at most once a second for the staleness of reports). A
 * failing refresh keeps the last good result and is reported by {@link #lastError()}. Only
 * {@link #peek} (a short-lived consumer: {@link Peeker}) asks the cluster on every call.
 *
 * <p>{@link #loadOnce} runs each task once on the caller's thread (but the hour curves, read on
 * demand then) and starts none, for the CLI.
 */
public final class KafkaHubData implements HubData, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHubData.class);

    private final HubSettings settings;
    private final Clock clock;
    private final RequestCounts counts = new RequestCounts();
    private final ClusterAccess cluster;
    private final MetadataReader metadata;
    private final GroupVerdicts verdicts;
    private final LagAges ages;
    private final HourCurves curves;
    private final Peeker peeker;
    private final LatencySampler sampler;
    private final Catalog catalog;
    private final AppRunbooks runbooks;
    private final TopicFollower follower;
    private ScheduledExecutorService scheduler;

    private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
    private volatile Rates rates = Rates.NONE;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile TopicsMemo topicsMemo;

    private volatile ConsumersMemo consumersMemo;

    private record ConsumersMemo(ClusterSnapshot snapshot, long catalogVersion, long second, List<GroupView> groups) {
    }

    private record TopicsMemo(ClusterSnapshot snapshot, Rates rates, long catalogVersion, List<TopicSummary> topics) {
    }

    private KafkaHubData(String bootstrapServers, PlatformProfile profile, HubSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.cluster = new ClusterAccess(bootstrapServers, profile, settings.timeout(), counts);
        this.metadata = new MetadataReader(cluster, clock);
        this.verdicts = new GroupVerdicts(settings.lagWindow());
        this.ages = new LagAges(cluster, settings.maxAgeFetches());
        this.curves = new HourCurves(cluster, clock);
        this.peeker = new Peeker(cluster);
        this.sampler = new LatencySampler(cluster, settings.maxSampleTopics(), settings.samplesPerTopic(),
                settings.maxSampleBytes());
        this.catalog = new Catalog(settings.announceTopic(), settings.statusTopic());
        this.runbooks = new AppRunbooks(profile);
        this.follower = new TopicFollower(cluster, List.of(settings.announceTopic(), settings.statusTopic()),
                settings.metadataInterval(), catalog::apply);
    }

    /**
     * Starts a hub on the profile's cluster with the default settings.
     *
     * @throws IllegalStateException naming the cluster, if it cannot be read
     */
    public static KafkaHubData start(PlatformProfile profile) {
        return start(profile.bootstrapServers(), profile, HubSettings.of(profile));
    }

    /**
     * Starts a hub on the cluster at {@code bootstrapServers}, with the client settings of
     * {@code profile}: reads the cluster and the catalog once (so the first page has data), then
     * keeps them up to date in the background until {@link #close()}.
     *
     * @throws IllegalStateException naming the cluster, if it cannot be read
     */
    public static KafkaHubData start(String bootstrapServers, PlatformProfile profile, HubSettings settings) {
        return start(bootstrapServers, profile, settings, Clock.systemUTC());
    }

    /** {@link #start(String, PlatformProfile, HubSettings)} with another clock, for tests. */
    static KafkaHubData start(String bootstrapServers, PlatformProfile profile, HubSettings settings, Clock clock) {
        KafkaHubData hub = new KafkaHubData(bootstrapServers, profile, settings, clock);
        try {
            hub.loadAll();
            hub.follower.start();
            hub.startRefreshing();
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * Reads the cluster and the catalog once, on this thread, and starts nothing: for a one-shot
     * command that prints and exits. {@link #close()} it after use.
     *
     * @throws IllegalStateException naming the cluster, if it cannot be read
     */
    public static KafkaHubData loadOnce(String bootstrapServers, PlatformProfile profile, HubSettings settings) {
        KafkaHubData hub = new KafkaHubData(bootstrapServers, profile, settings, Clock.systemUTC());
        try {
            hub.loadAll();
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private void loadAll() {
        try {
            follower.readToEnd(settings.timeout());
            refreshMetadata();
            refreshRates();
            refreshLineage();
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot read the Kafka cluster at '" + cluster.bootstrapServers() + "': "
                    + cause.getMessage(), e);
        }
    }

    private void startRefreshing() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-hub-refresh");
            t.setDaemon(true);
            return t;
        });
        schedule(settings.metadataInterval(), this::refreshMetadata, "metadata");
        schedule(settings.ratesInterval(), this::refreshRates, "rates");
        schedule(settings.lineageInterval(), this::refreshLineage, "lineage");
        schedule(settings.ratesInterval().compareTo(Duration.ofSeconds(1)) < 0 ? settings.ratesInterval()
                : Duration.ofSeconds(1), this::refreshCurves, "hour curves"); // a no-op but once a minute
    }

    private interface Task {
        void run() throws ExecutionException;
    }

    private void schedule(Duration every, Task task, String name) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
                lastError = Optional.empty();
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                lastError = Optional.of("the " + name + " refresh failed at " + clock.instant() + ": " + cause.getMessage());
                LOG.warn("ferry hub: {}", lastError.get());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshMetadata() throws ExecutionException {
        ClusterSnapshot s = metadata.read();
        verdicts.sample(s);
        List<LagAges.Position> wanted = new ArrayList<>();
        for (ClusterSnapshot.GroupState g : s.groups().values()) {
            g.committed().forEach((tp, offset) -> {
                if (s.end(tp) > offset) {
                    wanted.add(new LagAges.Position(tp, offset));
                }
            });
        }
        ages.fetch(wanted);
        snapshot = s;
        topics(); // built here, so that a page never waits for them
        consumers();
    }

    private void refreshRates() throws ExecutionException {
        rates = Rates.read(cluster, snapshot, clock.instant());
        topics(); // built here, so that a page never waits for it
    }

    private void refreshCurves() throws ExecutionException {
        curves.refresh(snapshot);
    }

    private void refreshLineage() {
        sampler.sample(LineageGraph.of(catalog.latestAnnouncements().values()).sampledTopics(), snapshot);
    }

    /** The requests made to the cluster so far, per kind: the hub's load, measured. */
    public RequestCounts requestCounts() {
        return counts;
    }

    /** Why the last refresh failed, if it did: the pages show the last good data meanwhile. */
    public Optional<String> lastError() {
        return lastError;
    }

    /** When the data served was read from the cluster. */
    public Instant refreshedAt() {
        return snapshot.takenAt();
    }

    /** The hour curves, for tests. */
    HourCurves curves() {
        return curves;
    }

    /** Whether the catalog has read everything that was on its topics when the hub started. */
    public boolean catalogCaughtUp() {
        return follower.caughtUp();
    }

    // ---- topics ----

    @Override
    public List<TopicSummary> topics() {
        ClusterSnapshot s = snapshot;
        Rates r = rates;
        long version = catalog.version();
        TopicsMemo memo = topicsMemo;
        if (memo != null && memo.snapshot() == s && memo.rates() == r && memo.catalogVersion() == version) {
            return memo.topics();
        }
        Map<String, AppAnnouncement> apps = catalog.latestAnnouncements();
        Map<String, Set<String>> readers = new HashMap<>();
        Map<String, Set<String>> writers = new HashMap<>();
        apps.values().forEach(a -> {
            a.inputs().forEach(t -> readers.computeIfAbsent(t, k -> new TreeSet<>()).add(a.app()));
            a.outputs().forEach(o -> writers.computeIfAbsent(o.topic(), k -> new TreeSet<>()).add(a.app()));
        });
        Map<String, Set<String>> groups = new HashMap<>();
        Map<String, Long> lag = new HashMap<>();
        for (ClusterSnapshot.GroupState g : s.groups().values()) {
            g.committed().forEach((tp, offset) -> {
                groups.computeIfAbsent(tp.topic(), k -> new TreeSet<>()).add(g.group());
                long end = s.end(tp);
                if (end >= 0) {
                    lag.merge(tp.topic(), Math.max(0, end - offset), Long::sum);
                }
            });
        }
        List<TopicSummary> out = new ArrayList<>();
        for (ClusterSnapshot.TopicState t : new TreeMap<>(s.topics()).values()) {
            Rates.Rate rate = r.of(t.name());
            out.add(new TopicSummary(t.name(), t.partitions().size(), internal(t.name()), rate.lastMinute(),
                    rate.perMinuteLastHour(), t.eventsHeld(), t.sizeBytes(),
                    List.copyOf(groups.getOrDefault(t.name(), Set.of())),
                    List.copyOf(readers.getOrDefault(t.name(), Set.of())),
                    List.copyOf(writers.getOrDefault(t.name(), Set.of())), lag.getOrDefault(t.name(), 0L)));
        }
        List<TopicSummary> result = List.copyOf(out);
        topicsMemo = new TopicsMemo(s, r, version, result);
        return result;
    }

    /** Kafka's own topics ({@code __*}, and by convention {@code _*}) and Ferry's ({@code ferry.*}, status, apps, audit). */
    boolean internal(String topic) {
        return topic.startsWith("_") || topic.startsWith("ferry.") || settings.isFerryTopic(topic);
    }

    @Override
    public Optional<TopicDetail> topic(String name) {
        ClusterSnapshot s = snapshot;
        ClusterSnapshot.TopicState t = s.topics().get(name);
        if (t == null) {
            return Optional.empty();
        }
        TopicSummary summary = topics().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        List<TopicDetail.PartitionView> partitions = t.partitions().stream()
                .sorted(Comparator.comparingInt(ClusterSnapshot.PartitionState::partition))
                .map(p -> new TopicDetail.PartitionView(p.partition(), p.start(), p.end(), p.leader(), p.sizeBytes()))
                .toList();
        List<TopicDetail.RatePoint> hour;
        try {
            hour = curves.lastHour(t, s);
        } catch (ExecutionException e) {
            hour = List.of();
            lastError = Optional.of("the hour curve of topic '" + name + "' could not be read: " + e.getCause());
        }
        Optional<AppAnnouncement.Output> schema = Optional.empty();
        String schemaApp = "";
        for (AppAnnouncement a : catalog.latestAnnouncements().values()) {
            for (AppAnnouncement.Output o : a.outputs()) {
                if (o.topic().equals(name) && schema.isEmpty()) {
                    schema = Optional.of(o);
                    schemaApp = a.app();
                }
            }
        }
        return Optional.of(new TopicDetail(summary, partitions, hour, schema, schemaApp));
    }

    @Override
    public List<PeekedEvent> peek(String topic, PeekRequest request) {
        return peeker.peek(topic, request);
    }

    // ---- consumers ----

    @Override
    public List<GroupView> consumers() {
        ClusterSnapshot s = snapshot;
        long version = catalog.version();
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        ConsumersMemo memo = consumersMemo;
        if (memo != null && memo.snapshot() == s && memo.catalogVersion() == version && memo.second() == second) {
            return memo.groups();
        }
        List<GroupView> groups = s.groups().values().stream()
                .sorted(Comparator.comparing(ClusterSnapshot.GroupState::group)).map(g -> group(g, s, now)).toList();
        consumersMemo = new ConsumersMemo(s, version, second, groups);
        return groups;
    }

    @Override
    public Optional<GroupView> consumer(String group) {
        ClusterSnapshot s = snapshot;
        return Optional.ofNullable(s.groups().get(group)).map(g -> group(g, s, clock.instant()));
    }

    private GroupView group(ClusterSnapshot.GroupState g, ClusterSnapshot s, Instant now) {
        List<GroupView.PartitionLag> lags = new ArrayList<>();
        long total = 0;
        List<TopicPartition> parts = new ArrayList<>(g.committed().keySet());
        parts.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition tp : parts) {
            long committed = g.committed().get(tp);
            long end = s.end(tp);
            long behind = end < 0 ? 0 : Math.max(0, end - committed);
            total += behind;
            double seconds = behind == 0 ? 0 : ageSeconds(new LagAges.Position(tp, committed), s.takenAt());
            lags.add(new GroupView.PartitionLag(tp.topic(), tp.partition(), committed, end, behind, seconds));
        }
        boolean isApp = catalog.latestAnnouncements().containsKey(g.group());
        Optional<StatusReport> report = catalog.liveStatus(g.group(), now);
        if (report.isPresent()) {
            AppStatus st = report.get().status();
            AppStatus.Health health = st.state() == AppStatus.State.HALTED ? AppStatus.Health.HALTED : st.health();
            String reason = health == AppStatus.Health.OK ? ""
                    : !st.healthReason().isBlank() ? st.healthReason()
                    : st.failure().map(AppStatus.Failure::describe).orElse(health.name());
            return new GroupView(g.group(), g.state(), g.members(), lags, total, health, reason, st.failure(),
                    Optional.of(g.group()));
        }
        GroupVerdicts.Verdict v = verdicts.of(g.group());
        return new GroupView(g.group(), g.state(), g.members(), lags, total, v.health(), v.reason(), Optional.empty(),
                isApp ? Optional.of(g.group()) : Optional.empty());
    }

    private double ageSeconds(LagAges.Position p, Instant at) {
        Long ts = ages.timestamp(p);
        return ts == null ? -1 : Math.max(0, at.toEpochMilli() - ts) / 1000.0;
    }

    // ---- apps and lineage ----

    @Override
    public List<AppView> apps() {
        List<AppView> apps = catalog.apps(clock.instant());
        runbooks.retain(apps.stream().map(AppView::name).collect(Collectors.toSet()));
        return apps.stream().map(a -> a.withAlerts(runbooks.of(a.latest()))).toList();
    }

    @Override
    public Optional<AppView> app(String name) {
        return apps().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public LineageView lineage() {
        LineageGraph graph = LineageGraph.of(catalog.latestAnnouncements().values());
        List<LineageView.Chain> chains = graph.chains().stream().map(c -> ChainLatency.of(c, sampler::samples)).toList();
        return new LineageView(graph.nodes(), graph.edges(), chains);
    }

    /** Stops the refreshes and closes the clients. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        follower.close();
        ages.close();
        sampler.close();
        cluster.close();
    }
}
