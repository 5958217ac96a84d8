package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.SkipRecord;
import dev.ferry.engine.StatusReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry skip}: deliberately skips the one event a halted app is stuck at. The order is an
 * audit record ({@link SkipRecord}) on the audit topic; the halted instance reads it and goes on
 * past the event itself (so no running instance can undo the skip, and one that halts at the event
 * later, after a restart or a rebalance, honours it too). With no live member in the group, the
 * command commits the offset after the event for the group itself.
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
        TopicPartition tp = new TopicPartition(topic, partition);
        PrintWriter out = spec.commandLine().getOut();
        Group group = group(cluster, tp);
        if (group.members().isEmpty()) {
            if (group.committed() == null || group.committed() != offset) {
                throw new CliException("app '" + app + "' has no running instance, and its committed offset of topic '"
                        + topic + "' partition " + partition + " is " + (group.committed() == null ? "none"
                        : group.committed()) + ", not " + offset + ": ferry skip only skips the event it stopped at");
            }
        } else {
            requireHaltedAt(cluster, profile, event, group.members());
        }
        ConsumerRecord<byte[], byte[]> record = EventAt.read(cluster, topic, partition, offset);
        confirm(event, record, out);
        SkipRecord skip = new SkipRecord(app, event, who, Instant.now(), reason.strip(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : sha256(record.value()));
        long started = System.nanoTime();
        write(cluster, profile.auditTopic(), skip);
        out.println("recorded on audit topic '" + profile.auditTopic() + "': " + skip.toJson());
        if (group.members().isEmpty()) {
            commit(cluster, tp);
            out.println("app '" + app + "' has no running instance: committed offset " + (offset + 1) + " of topic '"
                    + topic + "' partition " + partition + " for it; it starts after the event");
            return 0;
        }
        out.flush();
        awaitGoneOn(cluster, tp, started, out);
        return 0;
    }

    /** The group's live members and its committed offset of the event's partition. */
    private record Group(List<String> members, Long committed) {
    }

    private Group group(Cluster cluster, TopicPartition tp) {
        long timeout = cluster.timeout().toMillis();
        try (Admin admin = Admin.create(cluster.properties("admin"))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            OffsetAndMetadata o = offsets.get(tp);
            return new Group(d.members().stream().map(m -> m.clientId()).sorted().toList(),
                    o == null ? null : o.offset());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new CliException("app '" + app + "' is not known on " + cluster.describe());
            }
            throw new CliException("cannot read the group of app '" + app + "' from " + cluster.describe() + ": "
                    + e.getCause());
        } catch (TimeoutException e) {
            throw new CliException(cluster.describe() + " did not answer within " + cluster.timeout().toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
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
                .map(f -> " " + f.describe()).orElse("")).collect(java.util.stream.Collectors.joining("; "));
        throw new CliException("app '" + app + "' is not halted at " + event + ": " + says
                + "; ferry skip only skips the event an app halted at (see ferry show-failure " + app + ")");
    }

    private void confirm(EventPosition event, ConsumerRecord<byte[], byte[]> record, PrintWriter out) {
        change.confirm(out, "not skipping " + event + " of app '" + app + "' without a confirmation: no terminal to ask "
                        + "on; add --yes to skip it",
                "app '" + app + "': skip the event at " + event + ", key " + ShowFailureCommand.text(record.key())
                        + "? It is not processed, and the app goes on after it.",
                "Type 'yes' to skip it: ", "not skipped: the answer was not 'yes'");
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the record, creating the audit topic (one partition, kept forever) if it is missing. */
    private void write(Cluster cluster, String auditTopic, SkipRecord skip) {
        long timeout = cluster.timeout().toMillis();
        try (Admin admin = Admin.create(cluster.properties("admin"))) {
            try {
                admin.createTopics(List.of(new NewTopic(auditTopic, Optional.of(1), Optional.empty())
                        .configs(Map.of("retention.ms", "-1")))).all().get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new CliException("cannot create the audit topic '" + auditTopic + "' on " + cluster.describe()
                            + ": " + e.getCause() + "; create it, or set audit.topic to an existing one");
                }
            }
            Map<String, Object> props = cluster.properties("producer");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-skip");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(auditTopic, app, skip.toJson())).get(timeout, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new CliException("cannot write the audit record to '" + auditTopic + "': " + e.getCause()
                    + "; nothing was skipped");
        } catch (TimeoutException e) {
            throw new CliException("cannot write the audit record to '" + auditTopic + "': " + cluster.describe()
                    + " did not answer within " + cluster.timeout().toSeconds() + "s; nothing was skipped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Commits the offset after the event for a group with no live member. */
    private void commit(Cluster cluster, TopicPartition tp) {
        try (Admin admin = Admin.create(cluster.properties("admin"))) {
            admin.alterConsumerGroupOffsets(app, Map.of(tp, new OffsetAndMetadata(offset + 1))).all()
                    .get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CliException("the skip is recorded, but committing offset " + (offset + 1) + " for app '" + app
                    + "' failed: " + e.getCause() + "; an instance that halts at the event skips it from the audit "
                    + "record");
        } catch (TimeoutException e) {
            throw new CliException("the skip is recorded, but " + cluster.describe() + " did not answer the commit "
                    + "within " + cluster.timeout().toSeconds() + "s; an instance that halts at the event skips it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Waits until the group's committed offset of the partition is past the event. */
    private void awaitGoneOn(Cluster cluster, TopicPartition tp, long started, PrintWriter out) {
        long deadline = started + wait.toNanos();
        while (true) {
            Long committed = group(cluster, tp).committed();
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
