package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.EventSkip;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.SkipRecord;
import dev.ferry.engine.StatusReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry skip}: deliberately skips the one event a halted app is stuck at. The order is an
 * audit record ({@link SkipRecord}) on the audit topic; the halted instance reads it and goes on
 * past the event itself (so no running instance can undo the skip, and one that halts at the event
 * later, after a restart or a rebalance, honours it too). With no live member in the group, the
 * command commits the offset after the event for the group itself. The skip itself is the engine's
 * {@link EventSkip}, which the hub's Skip button uses too; this command asks, prints and waits.
 */
@Command(name = "skip", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Skips the one event a halted app is stuck at, and records who, when and why on the audit topic.",
            "The app must be halted at exactly that event (see ferry show-failure), or have no running instance and "
                    + "its committed offset at it. The halted instance reads the audit record and goes on after the "
                    + "event; the command waits for that (--wait)."
        })
final class SkipCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name (its consumer group).")
    String app;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The event's topic.")
    String topic;

    @Option(names = "--partition", required = true, paramLabel = "P", description = "The event's partition.")
    int partition;

    @Option(names = "--offset", required = true, paramLabel = "O", description = "The event's offset.")
    long offset;

    @Mixin
    AuditedChange change;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "How long to wait for the halted app to go on (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        String reason = change.reason(spec, "the event is skipped");
        String who = change.who(spec, root.env, "skips the event");
        Cluster cluster = clusterOption.resolve(root);
        PlatformProfile profile = Profiles.load(root.env, root.workDir, null);
        EventPosition event = new EventPosition(topic, partition, offset);
        PrintWriter out = spec.commandLine().getOut();
        EventSkip skips = new EventSkip(cluster.onCall(), profile.auditTopic());
        try {
            EventSkip.Target target = skips.check(app, event, (a, e, members) ->
                    requireHaltedAt(cluster, profile, e, members));
            confirm(target, out);
            long started = System.nanoTime();
            SkipRecord skip = skips.skip(target, who, reason, Instant.now());
            out.println("recorded on audit topic '" + profile.auditTopic() + "': " + skip.toJson());
            if (target.members().isEmpty()) {
                out.println("app '" + app + "' has no running instance: committed offset " + (offset + 1) + " of topic '"
                        + topic + "' partition " + partition + " for it; it starts after the event");
                return 0;
            }
            out.flush();
            awaitGoneOn(skips, event, started, out);
            return 0;
        } catch (OnCallException e) {
            throw CliException.of(e);
        }
    }

    private void requireHaltedAt(Cluster cluster, PlatformProfile profile, EventPosition event, List<String> members) {
        Optional<String> statusTopic = profile.statusTopic();
        Instant now = Instant.now();
        List<StatusReport> live = statusTopic.map(t -> StatusReports.read(cluster, t, app).live(now)).orElse(List.of());
        boolean haltedThere = live.stream().anyMatch(r -> r.status().state() == AppStatus.State.HALTED
                && r.status().failure().map(f -> event.equals(f.position())).orElse(false));
        if (haltedThere) {
            return;
        }
        String says = live.isEmpty() ? "no running instance reports its status (members: " + String.join(", ", members)
                + ")" : live.stream().map(r -> StatusReports.line(r, now) + r.status().failure()
                .map(f -> " " + f.describe()).orElse("")).collect(Collectors.joining("; "));
        throw new CliException("app '" + app + "' is not halted at " + event + ": " + says
                + "; ferry skip only skips the event an app halted at (see ferry show-failure " + app + ")");
    }

    private void confirm(EventSkip.Target target, PrintWriter out) {
        EventPosition event = target.event();
        change.confirm(out, "not skipping " + event + " of app '" + app + "' without a confirmation: no terminal to ask "
                        + "on; add --yes to skip it",
                "app '" + app + "': skip the event at " + event + ", key " + ShowFailureCommand.text(target.key())
                        + "? It is not processed, and the app goes on after it.",
                "Type 'yes' to skip it: ", "not skipped: the answer was not 'yes'");
    }

    /** Waits until the group's committed offset of the partition is past the event. */
    private void awaitGoneOn(EventSkip skips, EventPosition event, long started, PrintWriter out) {
        long deadline = started + wait.toNanos();
        while (true) {
            OptionalLong c = skips.committed(app, event);
            Long committed = c.isPresent() ? c.getAsLong() : null;
            if (committed != null && committed > offset) {
                out.println("app '" + app + "' went on after the event in "
                        + LagCommand.age(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                        + ": committed offset of topic '" + topic + "' partition " + partition + " is now " + committed);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CliException("the skip is recorded, but app '" + app + "' has not gone on within "
                        + LagCommand.age(wait.toMillis()) + " (its committed offset is " + committed + "); its halted "
                        + "instance reads the audit topic while halted: see its log, and ferry status " + app);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
