package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * latest record of a partition always describes its latest replay.
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

    /**
     * One partition's move: from its committed offset back to {@code from}, to be processed again up
     * to {@code to} (null: to the end), after which the app goes on from {@code committed}.
     */
    private record Move(TopicPartition partition, long committed, long from, Long to) {

        /** Whether the end leaves events out: those after {@code to} and before {@code committed}. */
        boolean jumps() {
            return to != null && to + 1 < committed;
        }

        /** How many events are processed again. */
        long events() {
            return (jumps() ? to + 1 : committed) - from;
        }

        String where() {
            return "topic '" + partition.topic() + "' partition " + partition.partition();
        }

        /** What the app does on this partition, e.g. {@code processes 2 to 4 again (3 event(s)), then ...}. */
        String plan() {
            if (jumps()) {
                return "processes " + from + " to " + to + " again (" + events() + " event(s)), then goes on from "
                        + committed + " (" + (to + 2 == committed ? "offset " + (to + 1) + " is"
                        : "offsets " + (to + 1) + " to " + (committed - 1) + " are") + " not processed again)";
            }
            return "processes " + from + " to " + (committed - 1) + " again (" + events() + " event(s)), then goes on "
                    + "to the end" + (to == null ? "" : " (its end, offset " + to + ", is not before the last event it "
                    + "processed)");
        }
    }

    @Override
    public Integer call() {
        checkOptions();
        String who = change.who(spec, root.env, "replays");
        Cluster cluster = clusterOption.resolve(root);
        PlatformProfile profile = Profiles.load(root.env, root.workDir, null);
        long timeout = cluster.timeout().toMillis();
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(cluster.properties("admin"))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                    .get(timeout, TimeUnit.MILLISECONDS);
            if (!group.members().isEmpty()) {
                throw new CliException("app '" + app + "' has " + group.members().size() + " running member(s) ("
                        + String.join(", ", group.members().stream().map(MemberDescription::clientId).sorted().toList())
                        + "): stop it, or scale it to 0, before replaying; a running instance would commit over the "
                        + "replay");
            }
            List<Move> moves = moves(cluster, admin, timeout, bounded()
                    ? ReplayHistory.latest(cluster, profile.auditTopic(), app) : Map.of());
            confirm(moves, out);
            List<ReplayRecord> records = records(who, moves);
            write(cluster, admin, profile.auditTopic(), records, timeout);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            moves.forEach(m -> offsets.put(m.partition(), new OffsetAndMetadata(m.from())));
            admin.alterConsumerGroupOffsets(app, offsets).all().get(timeout, TimeUnit.MILLISECONDS);
            for (ReplayRecord r : records) {
                out.println("recorded on audit topic '" + profile.auditTopic() + "': " + r.toJson());
            }
            for (Move m : moves) {
                out.println(m.where() + ": committed offset " + m.committed() + " -> " + m.from() + ": " + m.plan());
            }
            out.println("app '" + app + "' processes them when it starts");
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new CliException("app '" + app + "' is not known on " + cluster.describe());
            }
            throw new CliException("cannot replay app '" + app + "' on " + cluster.describe() + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new CliException(cluster.describe() + " did not answer within " + cluster.timeout().toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
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

    /**
     * Where each chosen partition goes; refuses a start out of retention, past the end, or after the
     * committed offset, an end before the start or one that changes nothing, and a bounded replay of a
     * partition whose latest replay (in {@code replays}) is bounded and not finished.
     */
    private List<Move> moves(Cluster cluster, Admin admin, long timeout, Map<TopicPartition, ReplayRecord> replays)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        List<TopicPartition> chosen = new ArrayList<>(committed.keySet().stream()
                .filter(tp -> topic == null || tp.topic().equals(topic))
                .filter(tp -> partition == null || tp.partition() == partition).toList());
        chosen.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        if (chosen.isEmpty()) {
            throw new CliException("app '" + app + "' has no committed offset" + (topic == null ? "" : " of topic '" + topic
                    + "'" + (partition == null ? "" : " partition " + partition)) + " to replay from"
                    + (committed.isEmpty() ? "" : "; it has offsets of " + committed.keySet().stream()
                    .map(tp -> tp.topic() + "-" + tp.partition()).sorted().toList()));
        }
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, chosen, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(admin, chosen, OffsetSpec.latest(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> atTime = fromTime == null ? Map.of()
                : offsets(admin, chosen, OffsetSpec.forTimestamp(fromTime.toEpochMilli()), timeout);
        // the first event after the end time: the end is the event before it
        Map<TopicPartition, ListOffsetsResultInfo> afterEnd = toTime == null ? Map.of()
                : offsets(admin, chosen, OffsetSpec.forTimestamp(toTime.toEpochMilli() + 1), timeout);
        List<Move> moves = new ArrayList<>();
        for (TopicPartition tp : chosen) {
            long start = earliest.get(tp).offset();
            long end = latest.get(tp).offset();
            long now = committed.get(tp).offset();
            String where = "topic '" + tp.topic() + "' partition " + tp.partition();
            long from;
            if (fromOffset != null) {
                from = fromOffset;
                if (from < start) {
                    throw new CliException(where + ": offset " + from + " is out of retention; the earliest kept is "
                            + start + oldest(cluster, tp, start, end));
                }
                if (from >= end) {
                    throw new CliException(where + ": offset " + from + " is past the end; the last event is at offset "
                            + (end - 1));
                }
            } else {
                long found = atTime.get(tp).offset();
                from = found < 0 ? end : found;
                // events of the time may have been deleted: the oldest kept is later than it, and some were deleted
                if (start > 0 && from == start && atTime.get(tp).timestamp() > fromTime.toEpochMilli()) {
                    throw new CliException(where + ": " + fromTime + " is out of retention; the earliest kept event is "
                            + "at offset " + start + oldest(cluster, tp, start, end));
                }
            }
            checkNotUnderWay(tp, now, replays.get(tp));
            if (from > now) {
                throw new CliException(where + ": offset " + from + " is after the committed offset " + now
                        + ": that would skip events, not replay them (ferry skip skips the one event an app halted at)");
            }
            Long to = toOffset;
            if (toTime != null) {
                long found = afterEnd.get(tp).offset();
                to = (found < 0 ? end : found) - 1;
            }
            if (to != null && to < from) {
                if (partition == null) {
                    continue; // no event of this partition in the range: it is not replayed
                }
                throw new CliException(where + ": " + (toOffset != null ? "--to-offset " + toOffset
                        : "the last event at or before " + toTime + " (--to-time) is at offset " + to) + ", before the "
                        + "start of the replay, offset " + from);
            }
            if (from < now) {
                moves.add(new Move(tp, now, from, to));
            }
        }
        if (moves.isEmpty()) {
            throw new CliException("nothing to replay: app '" + app + "' has processed nothing after "
                    + (fromOffset != null ? "offset " + fromOffset : fromTime) + " yet"
                    + (toTime != null && partition == null ? ", or has no event up to " + toTime + " after it" : ""));
        }
        if (bounded() && moves.stream().noneMatch(Move::jumps)) {
            throw new CliException((toOffset != null ? "--to-offset " + toOffset : "--to-time " + toTime)
                    + " changes nothing: app '" + app + "' had processed no further than the end on any partition it "
                    + "replays (" + String.join(", ", moves.stream().map(m -> m.where() + ": end at offset " + m.to()
                    + ", processed up to offset " + (m.committed() - 1)).toList()) + "); a replay without --to does this");
        }
        return moves;
    }

    /** Whether the replay has an end other than the end of the partitions. */
    private boolean bounded() {
        return toOffset != null || toTime != null;
    }

    /**
     * Refuses a bounded replay of a partition whose latest replay, {@code last}, is bounded and not
     * finished (the app, at {@code committed}, has not yet gone on from where that one goes on): one
     * record cannot say both ends, and the new one would cancel the old one's.
     */
    private void checkNotUnderWay(TopicPartition tp, long committed, ReplayRecord last) {
        if (last != null && last.jumps() && committed < last.resumeAt()) {
            throw new CliException("topic '" + tp.topic() + "' partition " + tp.partition() + ": the bounded replay by "
                    + last.by() + " at " + last.at() + " (\"" + last.reason() + "\") is not finished: it ends at offset "
                    + last.to() + " and goes on from " + last.resumeAt() + ", and app '" + app + "' has committed "
                    + "offset " + committed + "; start the app to finish it first, or replay without --to");
        }
    }

    private static String oldest(Cluster cluster, TopicPartition tp, long start, long end) {
        if (start >= end) {
            return " (the partition is empty)";
        }
        return ", from " + Instant.ofEpochMilli(EventAt.read(cluster, tp.topic(), tp.partition(), start).timestamp());
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
                                                                      OffsetSpec spec, long timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, spec));
        return admin.listOffsets(query).all().get(timeout, TimeUnit.MILLISECONDS);
    }

    private void confirm(List<Move> moves, PrintWriter out) {
        long events = moves.stream().mapToLong(Move::events).sum();
        StringBuilder question = new StringBuilder("app '" + app + "': process " + events + " event(s) again, in "
                + moves.size() + " partition(s)? Their outputs are written again.");
        moves.forEach(m -> question.append("\n  ").append(m.where()).append(": ").append(m.plan()));
        change.confirm(out, "not replaying app '" + app + "' without a confirmation: no terminal to ask on; add --yes to "
                        + "replay", question.toString(), "Type 'yes' to replay: ", "not replayed: the answer was not 'yes'");
    }

    /** One record per partition moved, all with the same id. */
    private List<ReplayRecord> records(String who, List<Move> moves) {
        String id = UUID.randomUUID().toString();
        Instant at = Instant.now();
        return moves.stream().map(m -> new ReplayRecord(id, app, m.partition().topic(), m.partition().partition(),
                m.from(), m.to(), m.committed(), who, at, change.reason.strip())).toList();
    }

    private static void write(Cluster cluster, Admin admin, String auditTopic, List<ReplayRecord> records, long timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(new NewTopic(auditTopic, Optional.of(1), Optional.empty())
                    .configs(Map.of("retention.ms", "-1")))).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new CliException("cannot create the audit topic '" + auditTopic + "': " + e.getCause()
                        + "; nothing was replayed");
            }
        }
        Map<String, Object> props = cluster.properties("producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-replay");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ReplayRecord r : records) {
                sent.add(producer.send(new ProducerRecord<>(auditTopic, r.app(), r.toJson())));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(timeout, TimeUnit.MILLISECONDS);
            }
        }
    }
}
