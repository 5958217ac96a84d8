package dev.ferry.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

/**
 * Skips the one event a halted app is stuck at, deliberately: the logic of {@code ferry skip} and
 * of the hub's Skip button, in two steps so the caller can ask for a confirmation in between.
 * {@link #check} refuses an event the app is not stuck at and reads the event; {@link #skip} writes
 * the {@link SkipRecord} to the audit topic, which is both the audit trail and the order (the
 * halted instance reads it and goes on past the event, so no running instance can undo it), and
 * with no live member in the group commits the offset after the event for the group itself.
 *
 * <p>Whether a running app is halted at the event is known differently by each caller (the CLI
 * reads the status topic, the hub has the reports in its catalog), so it is a {@link HaltCheck}
 * the caller passes. Safe for concurrent use; each call makes and closes its own clients.
 */
public final class EventSkip {

    /**
     * Refuses a skip of an event the running app is not halted at.
     */
    @FunctionalInterface
    public interface HaltCheck {
        /**
         * Returns if {@code app} is halted at {@code event}.
         *
         * @param members the client ids of the group's live members, sorted
         * @throws OnCallException saying what the app's instances report instead
         */
        void requireHaltedAt(String app, EventPosition event, List<String> members);
    }

    /**
     * An event checked for a skip: the app is stuck at it.
     *
     * @param app         the app
     * @param event       where the event is
     * @param members     the group's live members (none: the skip commits past the event itself)
     * @param key         the event's key bytes, or null
     * @param timestamp   the event's timestamp
     * @param valueSha256 the SHA-256 of its value, hex, or null when it has none
     */
    public record Target(String app, EventPosition event, List<String> members, byte[] key, Instant timestamp,
                         String valueSha256) {

        /** Copies the members. */
        public Target {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(event, "event");
            members = List.copyOf(members);
        }

        /** The key as UTF-8 text, or null. */
        public String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    private final OnCallCluster cluster;
    private final String auditTopic;

    /** Skips on {@code cluster}, recording on {@code auditTopic} (the profile's {@code audit.topic}). */
    public EventSkip(OnCallCluster cluster, String auditTopic) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.auditTopic = Objects.requireNonNull(auditTopic, "auditTopic");
    }

    /**
     * Checks that {@code app} is stuck at {@code event} (halted there, or with no running instance
     * and its committed offset there) and reads the event.
     *
     * @throws OnCallException if it is not, naming what it is at, or if the cluster does not answer
     */
    public Target check(String app, EventPosition event, HaltCheck halted) {
        TopicPartition tp = new TopicPartition(event.topic(), event.partition());
        Group group = group(app, tp);
        if (group.members().isEmpty()) {
            if (group.committed() == null || group.committed() != event.offset()) {
                throw new OnCallException("app '" + app + "' has no running instance, and its committed offset of "
                        + "topic '" + event.topic() + "' partition " + event.partition() + " is "
                        + (group.committed() == null ? "none" : group.committed()) + ", not " + event.offset()
                        + ": ferry skip only skips the event it stopped at");
            }
        } else {
            halted.requireHaltedAt(app, event, group.members());
        }
        ConsumerRecord<byte[], byte[]> r = EventReader.read(cluster, event.topic(), event.partition(), event.offset());
        return new Target(app, event, group.members(), r.key(), Instant.ofEpochMilli(r.timestamp()),
                r.value() == null ? null : sha256(r.value()));
    }

    /**
     * Skips a checked event: writes the audit record, and commits the offset after the event if the
     * group had no live member when it was checked.
     *
     * @return the record written
     * @throws OnCallException if the record cannot be written (nothing skipped), or the commit fails
     *                         (the record is written: an instance that halts at the event skips it)
     */
    public SkipRecord skip(Target target, String by, String reason, Instant at) {
        SkipRecord skip = new SkipRecord(target.app(), target.event(), by, at, reason.strip(), target.keyText(),
                target.valueSha256());
        write(skip);
        if (target.members().isEmpty()) {
            commit(target.app(), target.event());
        }
        return skip;
    }

    /** The group's committed offset of the event's partition, if it has one. */
    public OptionalLong committed(String app, EventPosition event) {
        Long c = group(app, new TopicPartition(event.topic(), event.partition())).committed();
        return c == null ? OptionalLong.empty() : OptionalLong.of(c);
    }

    /** The group's live members and its committed offset of one partition. */
    private record Group(List<String> members, Long committed) {
    }

    private Group group(String app, TopicPartition tp) {
        long timeout = cluster.timeoutMillis();
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            OffsetAndMetadata o = offsets.get(tp);
            return new Group(d.members().stream().map(m -> m.clientId()).sorted().toList(),
                    o == null ? null : o.offset());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new OnCallException("app '" + app + "' is not known on " + cluster.describe());
            }
            throw new OnCallException("cannot read the group of app '" + app + "' from " + cluster.describe() + ": "
                    + e.getCause());
        } catch (TimeoutException e) {
            throw new OnCallException(cluster.describe() + " did not answer within " + cluster.timeout().toSeconds()
                    + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallException("interrupted");
        }
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the record, creating the audit topic (one partition, kept forever) if it is missing. */
    private void write(SkipRecord skip) {
        long timeout = cluster.timeoutMillis();
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            try {
                admin.createTopics(List.of(new NewTopic(auditTopic, Optional.of(1), Optional.empty())
                        .configs(Map.of("retention.ms", "-1")))).all().get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new OnCallException("cannot create the audit topic '" + auditTopic + "' on "
                            + cluster.describe() + ": " + e.getCause() + "; create it, or set audit.topic to an "
                            + "existing one");
                }
            }
            Map<String, Object> props = cluster.clientProperties("producer");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-skip");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(auditTopic, skip.app(), skip.toJson()))
                        .get(timeout, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new OnCallException("cannot write the audit record to '" + auditTopic + "': " + e.getCause()
                    + "; nothing was skipped");
        } catch (TimeoutException e) {
            throw new OnCallException("cannot write the audit record to '" + auditTopic + "': " + cluster.describe()
                    + " did not answer within " + cluster.timeout().toSeconds() + "s; nothing was skipped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallException("interrupted");
        }
    }

    /** Commits the offset after the event for a group with no live member. */
    private void commit(String app, EventPosition event) {
        long next = event.offset() + 1;
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            admin.alterConsumerGroupOffsets(app, Map.of(new TopicPartition(event.topic(), event.partition()),
                    new OffsetAndMetadata(next))).all().get(cluster.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OnCallException("the skip is recorded, but committing offset " + next + " for app '" + app
                    + "' failed: " + e.getCause() + "; an instance that halts at the event skips it from the audit "
                    + "record");
        } catch (TimeoutException e) {
            throw new OnCallException("the skip is recorded, but " + cluster.describe() + " did not answer the commit "
                    + "within " + cluster.timeout().toSeconds() + "s; an instance that halts at the event skips it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallException("interrupted");
        }
    }
}
