package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.PlatformProfile;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * processes again from an offset or a time to the end of its input. It refuses what it cannot do
 * honestly: a group with running members (they would commit over it), a start that retention has
 * deleted, one past the end, and one after the committed offset (that would skip events). There is
 * no {@code --to}: Kafka cannot tell an app to stop re-processing at an offset and go on from its old
 * position, so a replay always runs to the end (see docs/on-call.md).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a stopped app process its input again, from an offset or a time to the end.",
            "Moves the app's committed offsets back (all its input partitions, or --topic/--partition), after a "
                    + "confirmation, and records who, when and why on the audit topic. The app must have no running "
                    + "instance: stop it, or scale it to 0, first."
        })
final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Replay only this input topic.")
    String topic;

    @Option(names = "--partition", paramLabel = "P", description = "Replay only this partition of --topic.")
    Integer partition;

    @Mixin
    AuditedChange change;

    @Mixin
    ClusterOption clusterOption;

    /** One partition's move: from its committed offset back to {@code from}. */
    private record Move(TopicPartition partition, long committed, long from) {
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
            List<Move> moves = moves(cluster, admin, timeout);
            confirm(moves, out);
            ObjectNode record = record(who, moves);
            write(cluster, admin, profile.auditTopic(), record, timeout);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            moves.forEach(m -> offsets.put(m.partition(), new OffsetAndMetadata(m.from())));
            admin.alterConsumerGroupOffsets(app, offsets).all().get(timeout, TimeUnit.MILLISECONDS);
            out.println("recorded on audit topic '" + profile.auditTopic() + "': " + record);
            for (Move m : moves) {
                out.println("topic '" + m.partition().topic() + "' partition " + m.partition().partition()
                        + ": committed offset " + m.committed() + " -> " + m.from() + " (" + (m.committed() - m.from())
                        + " event(s) to process again)");
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
        change.reason(spec, "the app replays");
    }

    /** Where each chosen partition goes; refuses a start out of retention, past the end, or after the committed offset. */
    private List<Move> moves(Cluster cluster, Admin admin, long timeout)
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
            if (from > now) {
                throw new CliException(where + ": offset " + from + " is after the committed offset " + now
                        + ": that would skip events, not replay them (ferry skip skips the one event an app halted at)");
            }
            moves.add(new Move(tp, now, from));
        }
        if (moves.stream().allMatch(m -> m.from() == m.committed())) {
            throw new CliException("nothing to replay: app '" + app + "' has processed nothing after "
                    + (fromOffset != null ? "offset " + fromOffset : fromTime) + " yet");
        }
        return moves;
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
        long events = moves.stream().mapToLong(m -> m.committed() - m.from()).sum();
        change.confirm(out, "not replaying app '" + app + "' without a confirmation: no terminal to ask on; add --yes to "
                        + "replay",
                "app '" + app + "': process " + events + " event(s) again, in " + moves.size() + " partition(s)? "
                        + "Their outputs are written again.",
                "Type 'yes' to replay: ", "not replayed: the answer was not 'yes'");
    }

    private ObjectNode record(String who, List<Move> moves) {
        ObjectNode n = JSON.createObjectNode();
        n.put("action", "replay").put("app", app).put("by", who).put("at", Instant.now().toString())
                .put("reason", change.reason.strip());
        ArrayNode partitions = n.putArray("partitions");
        for (Move m : moves) {
            partitions.addObject().put("topic", m.partition().topic()).put("partition", m.partition().partition())
                    .put("committed", m.committed()).put("from", m.from());
        }
        return n;
    }

    private static void write(Cluster cluster, Admin admin, String auditTopic, ObjectNode record, long timeout)
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
            producer.send(new ProducerRecord<>(auditTopic, record.path("app").asText(), record.toString()))
                    .get(timeout, TimeUnit.MILLISECONDS);
        }
    }
}
