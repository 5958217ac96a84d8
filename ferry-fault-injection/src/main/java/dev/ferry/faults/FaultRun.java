package dev.ferry.faults;

import static org.awaitility.Awaitility.await;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One fault-injection run, end to end: an embedded broker owned by this process; the input
 * produced; the app started as a separate process; the {@link FaultPlan} carried out while the app
 * works through the input (SIGKILLs and restarts, a broker restart, a second instance added and
 * removed); the apps stopped once the group has committed the whole input; and the output audited
 * by an independent consumer. Every wait has a deadline.
 *
 * <p>Why part of the input is held back. The steps are carried out one after another, and some take
 * seconds that depend on the machine (a JVM start and a rebalance for a scale-out, a clean stop for a
 * scale-in, a broker restart), while the app goes on committing at its own pace. Step triggers alone
 * (a fraction of the input committed) cannot stop the app from finishing the input while an earlier
 * step is still being carried out: a run whose steps are slower than the app's rest of the input
 * used to find the input all committed at its last faults (which then prove nothing), and a pace
 * per call chosen to prevent it is a guess at the ratio of two speeds that the machine changes. So
 * the input is produced in parts: all but {@link #heldBackPerFault} events per planned fault before
 * the app starts, and one such part right before each fault is carried out. Every fault therefore
 * finds at least that many events produced and not committed, on a fast machine or a slow one,
 * and the app cannot finish before the last fault. Faults before which the app had committed
 * everything produced so far (it had caught up, and would have found no work without the part held
 * back for it) are counted.
 */
final class FaultRun {

    /** Output partitions; the engine writes outputs without a key. */
    static final int OUTPUT_PARTITIONS = 3;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long STOP_GRACE_SECONDS = 30;
    private static final Duration AUDIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SHARING_TIMEOUT = Duration.ofSeconds(60);

    private final RunOptions options;
    private final Consumer<String> out;
    private final List<String> timeline = new ArrayList<>();
    private long processingStarted;
    private GroupProgress progress;
    private Duration processing = Duration.ZERO;
    private String incomplete;
    private int late;
    private int caughtUp;
    private int brokerRestarts;
    private ProxyHost proxy;

    private FaultRun(RunOptions options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the whole suite once; {@code out} hears progress lines. */
    static RunReport execute(RunOptions options, Consumer<String> out) {
        return new FaultRun(options, out).run();
    }

    /** The app's profile: the guarantee under test, patient retries, and the group protocol's settings. */
    static List<String> appSettings(RunOptions options) {
        List<String> settings = new ArrayList<>(List.of(
                "guarantee=" + options.guarantee().key(),
                "startup-timeout=60s",
                "shutdown-timeout=10s"));
        if (options.poisonEvery() > 0) {
            // Poison events fail every time: give up on them fast and dead-letter them.
            settings.addAll(List.of("poison-policy=dead-letter", "dead-letter-topic=" + FaultApp.DEAD_LETTERS,
                    "retry.initial-backoff=50ms", "retry.max-backoff=200ms", "retry.max-attempts=3"));
        } else {
            // A broker restart may fail writes for a while: retry, never halt on it.
            settings.addAll(List.of("retry.initial-backoff=100ms", "retry.max-backoff=2s", "retry.max-attempts=1000"));
        }
        settings.addAll(options.groupProtocol().profileSettings(options.sessionTimeout()));
        settings.addAll(options.extraSettings());
        return settings;
    }

    private RunReport run() {
        long started = System.nanoTime();
        FaultPlan plan = FaultPlan.random(options.seed(), options.kills(), options.brokerRestarts(), options.rebalances(),
                options.proxyKills());
        out.accept("seed " + options.seed() + ", plan: " + plan.steps());
        prepareLogDir();
        long perFault = heldBackPerFault(options.events(), plan.steps().size());
        long firstPart = options.events() - perFault * plan.steps().size();
        try (EmbeddedKafkaBroker broker = startBroker(); InputFeed feed = new InputFeed(broker.bootstrapServers(),
                options.input())) {
            String bootstrap = broker.bootstrapServers();
            feed.produceUpTo(firstPart);
            out.accept("produced " + RunReport.n(firstPart) + " events in " + RunReport.time(feed.took())
                    + (perFault > 0 ? "; " + RunReport.n(feed.heldBack()) + " held back, " + RunReport.n(perFault)
                    + " to be produced right before each fault" : ""));
            proxy = options.proxy() ? ProxyHost.prepare(bootstrap, options.logDir(), this::note) : null;
            List<String> settings = new ArrayList<>(appSettings(options));
            if (proxy != null) {
                settings.addAll(proxy.appSettings());
            }
            Fleet fleet = new Fleet(bootstrap, jvmOptions(), settings, options.logDir(), this::note);
            Map<TopicPartition, Long> committed;
            try (GroupProgress p = GroupProgress.of(bootstrap, FaultApp.NAME, FaultApp.INPUT, options.partitions())) {
                progress = p;
                process(plan, firstPart, perFault, feed, fleet, broker);
                p.committed();
                committed = p.committedOffsets();
                note("all instances stopped; committed " + String.join(", ", p.describe()));
            }
            Duration produce = feed.took();
            long auditStarted = System.nanoTime();
            Expectation expectation = Expectation.of(options.guarantee());
            OutputAudit audit = OutputAudit.read(bootstrap, options.input(), committed, expectation.isolation(),
                    AUDIT_TIMEOUT);
            List<String> crashes = new ArrayList<>(fleet.crashes());
            if (proxy != null) {
                crashes.addAll(proxy.crashes());
            }
            return new RunReport(options, expectation, audit, progress.lastCommitted(), incomplete, fleet.kills(),
                    fleet.starts(), crashes, fleet.halts(), late, caughtUp, brokerRestarts, fleet.adds(),
                    fleet.removes(), produce, processing, since(auditStarted), since(started), List.copyOf(timeline),
                    proxy == null ? 0 : proxy.kills());
        }
    }

    /** The broker, with short group session timeouts allowed, and the run's topics. */
    private EmbeddedKafkaBroker startBroker() {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        options.groupProtocol().brokerProperties(options.sessionTimeout()).forEach(builder::brokerProperty);
        EmbeddedKafkaBroker broker = builder.start();
        out.accept("broker on " + broker.bootstrapServers() + "; app logs in " + options.logDir());
        broker.createTopic(FaultApp.INPUT, options.partitions());
        broker.createTopic(FaultApp.OUTPUT, OUTPUT_PARTITIONS);
        if (options.poisonEvery() > 0) {
            broker.createTopic(FaultApp.DEAD_LETTERS, 1);
        }
        return broker;
    }

    /** The app's JVM options: how long its function works per call, how big its outputs are. */
    private List<String> jvmOptions() {
        return List.of("-D" + FaultApp.BATCH_WORK_PROPERTY + "=" + options.batchWork().toMillis(),
                "-D" + FaultApp.OUTPUT_BYTES_PROPERTY + "=" + options.outputBytes());
    }

    /**
     * The events held back for each fault, produced right before it: one batch of the app, or less
     * when the input is small, so that at most a fifth of it is held back (but at least one event):
     * the plan's trigger points, up to {@value FaultPlan#LAST} of the input, are then all in the part
     * produced first.
     */
    static long heldBackPerFault(long events, int faults) {
        if (faults == 0) {
            return 0;
        }
        return Math.max(1, Math.min(FaultApp.BATCH_SIZE, events / (5L * faults)));
    }

    /**
     * Starts the app, carries out the plan (each step once its fraction of the input is committed,
     * and right after producing the {@code perFault} events held back for it), waits for the whole
     * input to be committed, stops the app. A trigger point is never beyond the {@code firstPart}
     * produced before the first fault, so that it is reached without the faults' parts.
     */
    private void process(FaultPlan plan, long firstPart, long perFault, InputFeed feed, Fleet fleet,
                         EmbeddedKafkaBroker broker) {
        processingStarted = System.nanoTime();
        long deadline = processingStarted + options.timeout().toNanos();
        try {
            if (proxy != null) {
                proxy.start();
            }
            note("started " + fleet.start(Fleet.PRIMARY).name());
            for (FaultPlan.Step step : plan.steps()) {
                awaitCommitted(fleet, Math.min(firstPart, (long) Math.ceil(step.atProgress() * options.events())),
                        deadline);
                Pause.of(step.delay());
                long backlog = feed.produced() - progress.committed();
                caughtUp += backlog <= 0 ? 1 : 0;
                feed.produceUpTo(feed.produced() + perFault);
                long left = feed.produced() - progress.committed();
                late += left <= 0 ? 1 : 0;
                note(step.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (planned at "
                        + String.format(Locale.ROOT, "%.1f%%", step.atProgress() * 100) + "), "
                        + RunReport.n(left) + " events produced and not yet committed ("
                        + RunReport.n(Math.max(0, backlog)) + " before the " + RunReport.n(perFault)
                        + " held back for it), " + RunReport.n(feed.heldBack()) + " still held back");
                carryOut(step, fleet, broker);
            }
            feed.produceUpTo(options.events());
            long total = progress.readEnds();
            if (total != options.events()) {
                throw new IllegalStateException("the input holds " + total + " events, not " + options.events());
            }
            awaitComplete(fleet, deadline);
            note("the group has committed the whole input");
        } catch (ConditionTimeoutException e) {
            incomplete = "the input was not fully committed within " + RunReport.time(options.timeout()) + ": "
                    + String.join(", ", progress.describe());
            note(incomplete);
        } finally {
            processing = since(processingStarted);
            fleet.stopAll(STOP_GRACE_SECONDS);
            if (proxy != null) {
                proxy.stop(STOP_GRACE_SECONDS);
            }
        }
    }

    /** Does one step. */
    private void carryOut(FaultPlan.Step step, Fleet fleet, EmbeddedKafkaBroker broker) {
        switch (step.kind()) {
            case KILL -> {
                String slot = fleet.kill(step.choice());
                Pause.of(step.pause());
                note("restarted " + fleet.start(slot).name() + " after " + step.pause().toMillis() + "ms");
            }
            case BROKER_RESTART -> {
                note("stopping the broker");
                broker.stop();
                note("broker stopped; down for " + step.pause().toMillis() + "ms");
                Pause.of(step.pause());
                broker.restart();
                brokerRestarts++;
                note("broker restarted");
            }
            case SCALE_OUT -> {
                fleet.scaleOut();
                awaitSharing(fleet);
            }
            case SCALE_IN -> fleet.scaleIn(STOP_GRACE_SECONDS);
            case PROXY_KILL -> {
                proxy.kill();
                Pause.of(step.pause());
                proxy.start();
            }
            default -> throw new IllegalStateException("unknown step " + step);
        }
    }

    private void awaitCommitted(Fleet fleet, long target, long deadline) {
        await("the group commits " + target + " events").atMost(left(deadline)).pollInSameThread().pollInterval(POLL)
                .until(() -> {
                    revive(fleet);
                    return progress.committed() >= target;
                });
    }

    /** After a scale-out: the rebalance has happened once both instances own partitions. */
    private void awaitSharing(Fleet fleet) {
        await("both instances own partitions").atMost(SHARING_TIMEOUT).pollInSameThread().pollInterval(POLL)
                .until(() -> {
                    revive(fleet);
                    return progress.membersWithPartitions() >= 2;
                });
        note("rebalanced: two instances share the partitions");
    }

    private void awaitComplete(Fleet fleet, long deadline) {
        await("the group commits the whole input").atMost(left(deadline)).pollInSameThread().pollInterval(POLL)
                .until(() -> {
                    revive(fleet);
                    return progress.complete();
                });
    }

    /** Restarts whatever exited on its own: app instances, and the proxy. */
    private void revive(Fleet fleet) {
        fleet.reviveCrashed();
        if (proxy != null) {
            proxy.reviveCrashed();
        }
    }

    private void note(String what) {
        long committed = progress == null ? 0 : progress.lastCommitted();
        Duration t = processingStarted == 0 ? Duration.ZERO : since(processingStarted);
        timeline.add("| " + String.format(Locale.ROOT, "%.1fs", t.toMillis() / 1000.0) + " | " + RunReport.n(committed)
                + " | " + what + " |");
        out.accept(String.format(Locale.ROOT, "%7.1fs %9s committed  %s", t.toMillis() / 1000.0,
                RunReport.n(committed), what));
    }

    private void prepareLogDir() {
        try {
            Files.createDirectories(options.logDir());
            try (DirectoryStream<Path> logs = Files.newDirectoryStream(options.logDir(), "*.log")) {
                for (Path log : logs) {
                    Files.delete(log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the log directory " + options.logDir(), e);
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
