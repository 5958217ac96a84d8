package dev.ferry.cli;

import dev.ferry.engine.OffsetReplay;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.ReplayRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry replay}: moves a stopped app's committed offsets back, so that when it starts it
 * processes again from an offset or a time, to the end of its input or, with {@code --to-offset} or
 * {@code --to-time}, up to an end after which it goes on from where it was before the replay. It
 * refuses what it cannot do honestly: a group with running members (they would commit over it), a
 * start that retention has deleted, one past the end, one after the committed offset (that would skip
 * events), an end before the start, an end that changes nothing, and a bounded replay of a partition
 * whose last bounded replay is not finished.
 *
 * <p>Kafka's committed offsets cannot say "stop re-processing here and go on from there", so before
 * it moves an offset the command writes a {@link ReplayRecord} per partition to the audit topic, and
 * the engine honours the end itself (see docs/on-call.md). A replay to the end writes one too, so the
 * latest record of a partition always describes its latest replay. The replay itself is the
 * engine's {@link OffsetReplay}, which the hub's Replay form uses too; this command asks and prints.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a stopped app process its input again, from an offset or a time, to the end or to an end after "
                    + "which it goes on from where it was.",
            "Moves the app's committed offsets back (all its input partitions, or --topic/--partition), after a "
                    + "confirmation, and records who, when, why and the range on the audit topic. The app must have no "
                    + "running instance: stop it, or scale it to 0, first."
        })
final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name (its consumer group).")
    String app;

    @Option(names = "--from-offset", paramLabel = "O", description = "Replay from offset O of --topic and --partition.")
    Long fromOffset;

    @Option(names = "--from-time", paramLabel = "TIME", converter = TailStart.TimeConverter.class,
            description = "Replay from the first event at or after TIME in each partition: an instant such as "
                    + "2026-12-01T10:00:00Z, or a time ago such as -10m.")
    Instant fromTime;

    @Option(names = "--to-offset", paramLabel = "O", description = "End the replay at offset O (included) of --topic "
            + "and --partition; then the app goes on from where it was before the replay.")
    Long toOffset;

    @Option(names = "--to-time", paramLabel = "TIME", converter = TailStart.TimeConverter.class,
            description = "End the replay in each partition at the last event at or before TIME (included); then the "
                    + "app goes on from where it was before the replay.")
    Instant toTime;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Replay only this input topic.")
    String topic;

    @Option(names = "--partition", paramLabel = "P", description = "Replay only this partition of --topic.")
    Integer partition;

    @Mixin
    AuditedChange change;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        checkOptions();
        String who = change.who(spec, root.env, "replays");
        Cluster cluster = clusterOption.resolve(root);
        PlatformProfile profile = Profiles.load(root.env, root.workDir, null);
        PrintWriter out = spec.commandLine().getOut();
        OffsetReplay replays = new OffsetReplay(cluster.onCall(), profile.auditTopic());
        try {
            ReplayPlan plan = replays.plan(new ReplayRequest(app, topic, partition, fromOffset, fromTime, toOffset,
                    toTime));
            confirm(plan, out);
            List<ReplayRecord> records = replays.apply(plan, who, change.reason.strip(), Instant.now());
            for (ReplayRecord r : records) {
                out.println("recorded on audit topic '" + profile.auditTopic() + "': " + r.toJson());
            }
            for (ReplayPlan.Move m : plan.moves()) {
                out.println(m.where() + ": committed offset " + m.committed() + " -> " + m.from() + ": " + m.plan());
            }
            out.println("app '" + app + "' processes them when it starts");
            return 0;
        } catch (OnCallException e) {
            throw CliException.of(e);
        }
    }

    private void checkOptions() {
        if ((fromOffset == null) == (fromTime == null)) {
            throw new ParameterException(spec.commandLine(), "say where to replay from: --from-offset or --from-time");
        }
        if (partition != null && topic == null) {
            throw new ParameterException(spec.commandLine(), "--partition needs --topic");
        }
        if (fromOffset != null && partition == null) {
            throw new ParameterException(spec.commandLine(),
                    "--from-offset needs --topic and --partition: offsets are per partition");
        }
        if (fromOffset != null && fromOffset < 0) {
            throw new ParameterException(spec.commandLine(), "--from-offset must be at least 0, got " + fromOffset);
        }
        if (toOffset != null && toTime != null) {
            throw new ParameterException(spec.commandLine(), "say where the replay ends with one of --to-offset or "
                    + "--to-time, not both");
        }
        if (toOffset != null && partition == null) {
            throw new ParameterException(spec.commandLine(),
                    "--to-offset needs --topic and --partition: offsets are per partition");
        }
        if (toOffset != null && toOffset < 0) {
            throw new ParameterException(spec.commandLine(), "--to-offset must be at least 0, got " + toOffset);
        }
        if (toOffset != null && fromOffset != null && toOffset < fromOffset) {
            throw new ParameterException(spec.commandLine(), "--to-offset " + toOffset + " is before --from-offset "
                    + fromOffset + ": a replay ends at or after its start");
        }
        if (toTime != null && fromTime != null && toTime.isBefore(fromTime)) {
            throw new ParameterException(spec.commandLine(), "--to-time " + toTime + " is before --from-time "
                    + fromTime + ": a replay ends at or after its start");
        }
        change.reason(spec, "the app replays");
    }

    private void confirm(ReplayPlan plan, PrintWriter out) {
        StringBuilder question = new StringBuilder("app '" + app + "': process " + plan.events() + " event(s) again, in "
                + plan.moves().size() + " partition(s)? Their outputs are written again.");
        plan.moves().forEach(m -> question.append("\n  ").append(m.where()).append(": ").append(m.plan()));
        change.confirm(out, "not replaying app '" + app + "' without a confirmation: no terminal to ask on; add --yes to "
                        + "replay", question.toString(), "Type 'yes' to replay: ", "not replayed: the answer was not 'yes'");
    }
}
