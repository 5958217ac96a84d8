package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.StatusReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry status}: whether an app keeps up, judged from the cluster over a short window, after
 * Burrow's rules: OK (nothing waits, or it commits and the lag does not grow), LAGGING (it commits
 * but the lag grows), STALLED (events wait and no offset moved: a halted or stuck app), STOPPED
 * (events wait and the group has no members).
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Says whether an app keeps up: OK, LAGGING, STALLED, STOPPED or HALTED, and why.",
            "HALTED, with the event and the error, comes from the app's own report on the status topic (the "
                    + "profile's status.topic) while it is fresh; otherwise the verdict reads the group's lag twice, "
                    + "--window apart. Exit code 0 for OK, 3 otherwise."
        })
final class StatusCommand implements Callable<Integer> {

    /** The exit code of a status other than OK. */
    static final int NOT_OK = 3;

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name (its consumer group).")
    String app;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "How long to watch the lag (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        Cluster cluster = clusterOption.resolve(root);
        PrintWriter out = spec.commandLine().getOut();
        Optional<StatusReports> reports = Profiles.load(root.env, root.workDir, null).statusTopic()
                .map(topic -> StatusReports.read(cluster, topic, app));
        Instant now = Instant.now();
        Optional<StatusReport> halted = reports.flatMap(r -> r.live(now).stream()
                .filter(x -> x.status().state() == AppStatus.State.HALTED).findFirst());
        if (halted.isPresent()) { // the app says so itself: no need to watch its lag
            out.println(halted(halted.get(), now));
            reports.get().shown(now).forEach(r -> out.println("  " + StatusReports.line(r, now)));
            LagCommand.print(GroupLag.read(cluster, app), out);
            return NOT_OK;
        }
        GroupLag before = GroupLag.read(cluster, app);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(window.toMillis()));
        GroupLag after = GroupLag.read(cluster, app);
        String verdict = verdict(before, after);
        out.println(verdict);
        Instant later = Instant.now();
        reports.ifPresent(r -> r.shown(later).forEach(x -> out.println("  " + StatusReports.line(x, later))));
        LagCommand.print(after, out);
        return verdict.startsWith("OK") ? 0 : NOT_OK;
    }

    /**
     * The verdict from an instance's own report that it halted:
     * {@code HALTED: app 'a' halted at topic 't' partition 0 offset 3 after 2 attempt(s): why (reported 1s ago by
     * instance 'i')}.
     */
    static String halted(StatusReport r, Instant now) {
        return "HALTED: app '" + r.app() + "' halted " + r.status().failure().map(AppStatus.Failure::describe)
                .orElse("") + " (reported " + StatusReports.age(r, now) + " by instance '" + r.instance()
                + "'); see: ferry show-failure " + r.app();
    }

    /** The verdict over two snapshots, as a line starting with the status word. */
    static String verdict(GroupLag before, GroupLag after) {
        long lag = after.totalLag();
        if (lag == 0) {
            return "OK: nothing waits";
        }
        if (after.members() == 0) {
            return "STOPPED: " + lag + " event(s) wait and app '" + after.app() + "' has no running consumer";
        }
        boolean moved = committedMoved(before, after);
        if (!moved) {
            return "STALLED: " + lag + " event(s) wait, the oldest " + LagCommand.age(after.maxAgeMs())
                    + " old, and no offset was committed in " + seconds(before, after)
                    + "; a halted app looks like this: see its log or its /status";
        }
        if (lag > before.totalLag()) {
            return "LAGGING: the app commits, but the lag grew from " + before.totalLag() + " to " + lag + " in "
                    + seconds(before, after);
        }
        return "OK: the app commits and the lag did not grow (" + before.totalLag() + " -> " + lag + ")";
    }

    private static boolean committedMoved(GroupLag before, GroupLag after) {
        Map<TopicPartition, Long> was = new HashMap<>();
        before.partitions().forEach(r -> was.put(r.partition(), r.committed()));
        return after.partitions().stream().anyMatch(r -> r.committed() > was.getOrDefault(r.partition(), -1L));
    }

    private static String seconds(GroupLag before, GroupLag after) {
        return LagCommand.age(after.takenAtMs() - before.takenAtMs());
    }
}
