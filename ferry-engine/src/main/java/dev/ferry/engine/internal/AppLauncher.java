package dev.ferry.engine.internal;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.PoisonPolicy;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.StartupException;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.FunctionContext;
import dev.ferry.engine.spi.FunctionRuntime;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.ListenerProvider;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.SinkProvider;
import dev.ferry.engine.spi.StoreAvailability;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a running app together from its descriptor and the platform profile: the plug-ins its
 * profile and descriptor name (formats, the function runtime, the sink, listeners), then one
 * {@link ConsumerLoop} per consumer. Every mistake it can find (a bad setting, a broken schema, a
 * function that cannot be run, a plug-in that is not there) fails before the cluster is contacted;
 * then the cluster is checked; then the consumers start.
 */
public final class AppLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(AppLauncher.class);

    private AppLauncher() {
    }

    /** How the clients authenticate, for the first log line: never a secret, only the protocol and the user. */
    private static String security(PlatformProfile platform) {
        return platform.security().protocol().map(p -> " over " + p + (platform.security().sasl()
                ? " as SASL user '" + platform.settings().get("security.sasl.username") + "' ("
                + platform.settings().getOrDefault("security.sasl.mechanism", "SCRAM-SHA-512") + ")" : "")
                + " (security.protocol from " + platform.sourceOf("security.protocol") + ")").orElse("");
    }

    /**
     * Checks the app, its profile and the cluster, and starts its consumers. The first line it logs
     * names the cluster and where its address came from, so that nobody runs against another cluster
     * than they believe.
     */
    public static LaunchedApp launch(AppDescriptor app, PlatformProfile platform) {
        platform.bootstrapServers(); // none: fails saying how to set it
        LOG.info("app '{}' connects to Kafka at '{}' (bootstrap.servers from {}){}", app.name(),
                platform.bootstrapServers(), platform.sourceOf("consumer", "bootstrap.servers"), security(platform));
        PlatformProfile profile = platform.forApp(app);
        if (profile.guarantee() != platform.guarantee()) {
            LOG.info("app '{}' asks for {}; the platform's {} is raised for it", app.name(), profile.guarantee().key(),
                    platform.guarantee().key());
        }
        Guarantee guarantee = profile.guarantee();
        int concurrency = profile.concurrency();
        if (guarantee == Guarantee.EXACTLY_ONCE && concurrency > 1) {
            throw new ProfileException("app '" + app.name() + "': concurrency " + concurrency + " (from "
                    + profile.sourceOf("concurrency") + ") cannot be combined with the exactly-once guarantee (from "
                    + profile.sourceOf("guarantee") + "), which commits each batch in one transaction; "
                    + "use concurrency 1 or at-least-once");
        }
        int monitoringPort = profile.monitoringPort();
        KafkaClients.consumer(app, profile, 0);
        KafkaClients.producer(app, profile, 0);
        AppFormats.PluginContexts contexts = new AppFormats.PluginContexts(app, profile);
        SinkProvider sinks = Plugins.find(SinkProvider.class, SinkProvider::name, profile.writeBack(),
                app.classLoader(), "write-back", profile.source("write-back"));
        FunctionRuntime runtime = runtime(app);
        List<LifecycleListener> extra = listeners(app, profile, contexts);
        AppFormats formats = new AppFormats(app, profile, contexts);
        List<BatchProcessor> processors = new ArrayList<>();
        AppMetrics metrics = new AppMetrics(app.name(), (int) profile.lagWindow().toSeconds());
        AppState state = new AppState(app.name(), app.consumers(), metrics,
                app.outputs().stream().map(OutputDescriptor::topic).toList());
        List<LifecycleListener> all = new ArrayList<>(List.of(state, metrics));
        Instant startedAt = Instant.now();
        InstanceReporter reporter = reporter(app, profile, state);
        if (reporter != null) {
            all.add(reporter);
        }
        all.addAll(extra);
        Listeners listeners = new Listeners(app.name(), all);
        List<ConsumerLoop> loops = new ArrayList<>();
        MonitoringServer monitoring = null;
        try {
            for (int i = 0; i < app.consumers(); i++) {
                processors.add(processor(app, runtime, contexts, formats, listeners, i));
            }
            StartupChecks.run(app, profile, sinks.writesToCluster(), sinks.writesAsTheApp());
            Map<TopicPartition, ReplayRecord> replays = replays(app, profile);
            for (int i = 0; i < app.consumers(); i++) {
                loops.add(loop(app, profile, sinks, contexts, processors.get(i), listeners, replays, i));
            }
            if (monitoringPort >= 0) {
                monitoring = monitoring(app, monitoringPort, state, loops, formats);
            }
        } catch (RuntimeException | Error e) {
            loops.forEach(ConsumerLoop::discard);
            processors.stream().skip(loops.size()).forEach(BatchProcessor::close);
            throw e;
        }
        if (reporter != null) {
            reporter.announce(InstanceAnnouncement.of(app, profile, AppInstance.of(profile), formats.input().name(),
                    formats.schemas(), monitoring == null ? -1 : monitoring.address().getPort(), startedAt));
        }
        listeners.started();
        for (int i = 0; i < loops.size(); i++) {
            new Thread(loops.get(i), "ferry-" + app.name() + "-consumer-" + i).start();
        }
        LOG.info("started {} with {} consumer(s), batch size {}, concurrency {}, guarantee {}, write-back {}, "
                        + "format {}{}", app, app.consumers(), app.batchSize(), concurrency, guarantee.key(),
                profile.writeBack(), profile.format(), monitoring == null ? "" : ", monitoring at " + monitoring.address());
        return new LaunchedApp(app, state, loops, profile.shutdownTimeout(), monitoring, formats.schemas(), reporter);
    }

    /**
     * The reporter of the app's status and announcement to the profile's status and announcement
     * topics, or null when it has neither.
     */
    private static InstanceReporter reporter(AppDescriptor app, PlatformProfile profile, AppState state) {
        if (profile.statusTopic().isEmpty() && profile.announceTopic().isEmpty()) {
            return null;
        }
        AppInstance instance = AppInstance.of(profile);
        return new InstanceReporter(app.name(), profile.statusTopic(), profile.announceTopic(), instance,
                profile.statusHeartbeat(), state::snapshot, () -> new org.apache.kafka.clients.producer.KafkaProducer<>(
                        KafkaClients.statusProducer(app, profile, instance.name())),
                () -> org.apache.kafka.clients.admin.Admin.create(KafkaClients.admin(profile,
                        app.name() + "-" + instance.name() + "-status-admin")));
    }

    /**
     * Each output topic's schema, in declaration order, as the app's formats derive and validate it
     * when the app starts (the profile resolved for the app picks the formats), without a cluster.
     */
    public static Map<String, OutputSchema> schemas(AppDescriptor app, PlatformProfile platform) {
        PlatformProfile profile = platform.forApp(app);
        return new AppFormats(app, profile, new AppFormats.PluginContexts(app, profile)).schemas();
    }

    /**
     * The names the app's clients use on the cluster that ACLs are granted on, besides its topics
     * and its group (the app's name): the prefix of its transactional ids, and whether its sink (the
     * profile's {@code write-back}) writes its outputs to the cluster.
     */
    public static ClusterNames clusterNames(AppDescriptor app, PlatformProfile platform) {
        PlatformProfile profile = platform.forApp(app);
        SinkProvider sinks = Plugins.find(SinkProvider.class, SinkProvider::name, profile.writeBack(),
                app.classLoader(), "write-back", profile.source("write-back"));
        return new ClusterNames(KafkaClients.transactionalIdPrefix(app), sinks.writesToCluster(), sinks.writesAsTheApp());
    }

    /**
     * @param transactionalIdPrefix what every transactional id of the app starts with
     * @param writesToCluster       whether the app's outputs go to Kafka topics (else to its sink's store)
     * @param writesAsTheApp        whether the app's own principal writes them and its dead letters (else a service
     *                              such as the write-back proxy does, under its own)
     */
    public record ClusterNames(String transactionalIdPrefix, boolean writesToCluster, boolean writesAsTheApp) {
    }

    static FunctionRuntime runtime(AppDescriptor app) {
        try {
            return Plugins.find(FunctionRuntime.class, FunctionRuntime::name, app.function().runtime(),
                    app.classLoader(), "function runtime", app.origin() + ": function runtime");
        } catch (ProfileException e) {
            throw new AppDefinitionException(e.getMessage(), e.getCause());
        }
    }

    private static List<LifecycleListener> listeners(AppDescriptor app, PlatformProfile profile,
                                                     AppFormats.PluginContexts contexts) {
        List<LifecycleListener> out = new ArrayList<>();
        for (String name : profile.listeners()) {
            ListenerProvider provider = Plugins.find(ListenerProvider.class, ListenerProvider::name, name,
                    app.classLoader(), "listener", profile.source("listeners"));
            out.add(provider.create(contexts.of(name)));
        }
        return out;
    }

    /** The function of consumer {@code i}, with its decoder and the app's encoder. */
    static BatchProcessor processor(AppDescriptor app, FunctionRuntime runtime, AppFormats.PluginContexts contexts,
                                    AppFormats formats, Listeners listeners, int i) {
        AppFunction function = runtime.create(new FunctionContext(app, i, contexts.of(runtime.name())));
        try {
            InputDecoder decoder = new InputDecoder(formats.reader(function.inputType()), function.takesTombstones());
            Map<String, String> versions = new HashMap<>();
            app.outputs().forEach(o -> o.version().ifPresent(v -> versions.put(o.topic(), v)));
            OutputEncoder encoder = new OutputEncoder(app.name(), formats.codecs(), versions,
                    contexts.profile().lineage());
            return new BatchProcessor(decoder, function, encoder, (events, nanos) ->
                    listeners.functionCalled(i, events, nanos));
        } catch (RuntimeException e) {
            function.close();
            throw e;
        }
    }

    /**
     * The latest replay record of each of the app's input partitions, read from the audit topic once
     * for all its consumers (see {@link ReplayRecordReader}).
     */
    private static Map<TopicPartition, ReplayRecord> replays(AppDescriptor app, PlatformProfile profile) {
        String instance = AppInstance.of(profile).name();
        Map<String, Object> config = KafkaClients.auditConsumer(app, profile, instance, 0);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, app.name() + "-" + instance + "-audit-replays");
        Map<TopicPartition, ReplayRecord> replays = ReplayRecordReader.latest(app.name(), profile.auditTopic(),
                () -> new KafkaConsumer<>(config), profile.startupTimeout());
        replays.keySet().removeIf(tp -> !app.topics().contains(tp.topic()));
        replays.values().stream().filter(ReplayRecord::jumps).forEach(r -> LOG.info("app '{}': the latest replay of "
                        + "topic '{}' partition {} (ferry replay by {} at {}) ends at offset {} and goes on from {}; "
                        + "it is done once the app has committed {}", app.name(), r.topic(), r.partition(), r.by(),
                r.at(), r.to(), r.resumeAt(), r.resumeAt()));
        return replays;
    }

    private static ConsumerLoop loop(AppDescriptor app, PlatformProfile profile, SinkProvider sinks,
                                     AppFormats.PluginContexts contexts, BatchProcessor processor, Listeners listeners,
                                     Map<TopicPartition, ReplayRecord> replays, int i) {
        GroupMetadataHolder group = new GroupMetadataHolder();
        Optional<String> deadLetterTopic = profile.poisonPolicy() == PoisonPolicy.DEAD_LETTER
                ? Optional.of(profile.deadLetterTopic(app.name())) : Optional.empty();
        Sink sink = sinks.create(new Context(app, profile.guarantee(), i, contexts.of(sinks.name()), deadLetterTopic,
                KafkaClients.producer(app, profile, i), group, profile.shutdownTimeout(),
                new StoreReach(app.name(), i, listeners)));
        try {
            PipelineFactory pipelines = PipelineFactory.of(app, profile, processor, sink, listeners, i, "worker");
            // Measured at 600,000 events: 2 batches in flight gave 0.88× the hand-written loop, 3 gave 1.01×,
            // 4 gave 1.24×, 8 gave 0.94× (and the most memory). Fewer stall the fetch; more only cost heap.
            int concurrency = profile.concurrency();
            int maxInFlight = 4 * app.batchSize() + (concurrency > 1 ? 16 * concurrency : 0);
            Map<String, Object> config = KafkaClients.consumer(app, profile, i);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
            String instance = AppInstance.of(profile).name();
            SkipWatcher skips = new SkipWatcher(app.name(), profile.auditTopic(), () -> new KafkaConsumer<>(
                    KafkaClients.auditConsumer(app, profile, instance, i)));
            return new ConsumerLoop(new ConsumerLoop.Parts(app.name(), i, app.topics(), consumer, pipelines,
                    pipelines.writer(), processor, pipelines.pool(), pipelines.mode(), listeners, group,
                    profile.shutdownTimeout(), maxInFlight, ClusterContact.Expectation.of(config), skips, replays));
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
    }

    /** The guarantee's mode with this sink, or an error saying why the two do not go together. */
    static DeliveryMode mode(AppDescriptor app, PlatformProfile profile, Sink sink) {
        Sink.Offsets offsets = sink.offsets();
        Guarantee guarantee = profile.guarantee();
        String sinkName = "write-back '" + profile.writeBack() + "' (from " + profile.sourceOf("write-back") + ")";
        if (guarantee == Guarantee.AT_MOST_ONCE && offsets != Sink.Offsets.CONSUMER) {
            throw new ProfileException("app '" + app.name() + "': the at-most-once guarantee (from "
                    + profile.sourceOf("guarantee") + ") commits offsets before the function runs, but " + sinkName
                    + " commits them with its outputs; choose at-least-once or exactly-once");
        }
        if (guarantee == Guarantee.EXACTLY_ONCE && offsets == Sink.Offsets.CONSUMER) {
            throw new ProfileException("app '" + app.name() + "': the exactly-once guarantee (from "
                    + profile.sourceOf("guarantee") + ") needs a sink that commits offsets with its outputs, but "
                    + sinkName + " leaves them to the consumer; choose at-least-once, or a write-back that supports "
                    + "exactly-once");
        }
        if (offsets != Sink.Offsets.CONSUMER && profile.concurrency() > 1) {
            throw new ProfileException("app '" + app.name() + "': concurrency " + profile.concurrency() + " (from "
                    + profile.sourceOf("concurrency") + ") cannot be combined with " + sinkName + ", which commits "
                    + "each batch's offsets with its outputs; use concurrency 1");
        }
        return DeliveryMode.of(guarantee, offsets);
    }

    private static MonitoringServer monitoring(AppDescriptor app, int port, AppState state, List<ConsumerLoop> loops,
                                               AppFormats formats) {
        try {
            return MonitoringServer.start(app, port, state::snapshot,
                    () -> loops.stream().allMatch(ConsumerLoop::isRunning), state.metrics(), formats.schemas());
        } catch (UncheckedIOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** What a sink of one consumer is told. */
    private record Context(dev.ferry.engine.AppDescriptor app, Guarantee guarantee, int consumer, PluginContext plugin,
                           Optional<String> deadLetterTopic, Map<String, Object> producerConfig,
                           GroupMetadataHolder group, Duration shutdownTimeout, StoreAvailability store)
            implements SinkContext {

        @Override
        public ConsumerGroupMetadata groupMetadata() {
            return group.get();
        }
    }
}
