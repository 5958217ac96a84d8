package dev.ferry.cli;

import java.io.PrintWriter;
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
            "Says whether an app keeps up: OK, LAGGING, STALLED or STOPPED, and why.",
            "Reads the group's lag twice, --window apart. Exit code 0 for OK, 3 otherwise."
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
        GroupLag before = GroupLag.read(cluster, app);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(window.toMillis()));
        GroupLag after = GroupLag.read(cluster, app);
        String verdict = verdict(before, after);
        PrintWriter out = spec.commandLine().getOut();
        out.println(verdict);
        LagCommand.print(after, out);
        return verdict.startsWith("OK") ? 0 : NOT_OK;
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
