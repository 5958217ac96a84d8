package dev.ferry.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry lag}: an app's consumer lag per partition, read from the cluster. */
@Command(name = "lag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints an app's consumer lag per input partition, as the cluster sees it.",
            "Works while the app is down: committed offset, log end, events waiting, age of the oldest waiting event, owner."
        })
final class LagCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name (its consumer group).")
    String app;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        GroupLag lag = GroupLag.read(clusterOption.resolve(root), app);
        print(lag, spec.commandLine().getOut());
        return 0;
    }

    static void print(GroupLag lag, PrintWriter out) {
        out.printf("app '%s': group %s, %d member(s)%n", lag.app(), lag.groupState(), lag.members());
        out.printf("%-30s %9s %12s %12s %10s %10s  %s%n", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "AGE", "OWNER");
        for (GroupLag.Row r : lag.partitions()) {
            out.printf("%-30s %9d %12s %12d %10d %10s  %s%n", r.partition().topic(), r.partition().partition(),
                    r.committed() < 0 ? "-" : Long.toString(r.committed()), r.end(), r.lag(), age(r.ageMs()), r.owner());
        }
        out.printf("total: %d event(s) waiting, the oldest %s old%n", lag.totalLag(), age(lag.maxAgeMs()));
        out.flush();
    }

    static String age(long ms) {
        if (ms < 0) {
            return "?";
        }
        return ms < 60_000 ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0)
                : String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
