package dev.ferry.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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

/**
 * Moves a stopped app's committed offsets back, so that when it starts it processes again from an
 * offset or a time, to the end of its input or up to an end after which it goes on from where it
 * was before the replay: the logic of {@code ferry replay} and of the hub's Replay form, in two
 * steps so the caller can ask for a confirmation in between ({@link #plan}, then {@link #apply}).
 * It refuses what it cannot do honestly: a group with running members (they would commit over it),
 * a start that retention has deleted, one past the end, one after the committed offset (that would
 * skip events), an end before the start, an end that changes nothing, and a bounded replay of a
 * partition whose last bounded replay is not finished.
 *
 * <p>Kafka's committed offsets cannot say "stop re-processing here and go on from there", so before
 * it moves an offset it writes a {@link ReplayRecord} per partition to the audit topic, and the
 * engine honours the end itself (see docs/on-call.md). A replay to the end writes one too, so the
 * latest record of a partition always describes its latest replay. Safe for concurrent use; each
 * call makes and closes its own clients.
 */
public final class OffsetReplay {

    private final OnCallCluster cluster;
    private final String auditTopic;

    /** Replays on {@code cluster}, recording on {@code auditTopic} (the profile's {@code audit.topic}). */
    public OffsetReplay(OnCallCluster cluster, String auditTopic) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.auditTopic = Objects.requireNonNull(auditTopic, "auditTopic");
    }

    /**
     * What {@code request} would do, per partition; nothing is changed.
     *
     * @throws OnCallException refusing it, with the reason and the fix
     */
    public ReplayPlan plan(ReplayRequest request) {
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            requireStopped(admin, request.app());
            Map<TopicPartition, ReplayRecord> replays = request.bounded()
                    ? ReplayHistory.latest(cluster, auditTopic, request.app()) : Map.of();
            return new ReplayPlan(request.app(), moves(admin, request, replays));
        } catch (ExecutionException e) {
            throw failed(request.app(), e);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallException("interrupted");
        }
    }

    /**
     * Carries out {@code plan}: writes one {@link ReplayRecord} per move (one id for all) to the audit
     * topic, then moves the committed offsets.
     *
     * @return the records written
     * @throws OnCallException if the app has running members now, or the cluster fails
     */
    public List<ReplayRecord> apply(ReplayPlan plan, String by, String reason, Instant at) {
        long timeout = cluster.timeoutMillis();
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            requireStopped(admin, plan.app());
            String id = UUID.randomUUID().toString();
            List<ReplayRecord> records = plan.moves().stream().map(m -> new ReplayRecord(id, plan.app(), m.topic(),
                    m.partition(), m.from(), m.to(), m.committed(), by, at, reason.strip())).toList();
            write(admin, records, timeout);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            plan.moves().forEach(m -> offsets.put(new TopicPartition(m.topic(), m.partition()),
                    new OffsetAndMetadata(m.from())));
            admin.alterConsumerGroupOffsets(plan.app(), offsets).all().get(timeout, TimeUnit.MILLISECONDS);
            return records;
        } catch (ExecutionException e) {
            throw failed(plan.app(), e);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnCallException("interrupted");
        }
    }

    private OnCallException failed(String app, ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
            return new OnCallException("app '" + app + "' is not known on " + cluster.describe());
        }
        return new OnCallException("cannot replay app '" + app + "' on " + cluster.describe() + ": " + e.getCause());
    }

    private OnCallException timedOut() {
        return new OnCallException(cluster.describe() + " did not answer within " + cluster.timeout().toSeconds() + "s");
    }

    private void requireStopped(Admin admin, String app)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app)).describedGroups().get(app)
                .get(cluster.timeoutMillis(), TimeUnit.MILLISECONDS);
        if (!group.members().isEmpty()) {
            throw new OnCallException("app '" + app + "' has " + group.members().size() + " running member(s) ("
                    + String.join(", ", group.members().stream().map(MemberDescription::clientId).sorted().toList())
                    + "): stop it, or scale it to 0, before replaying; a running instance would commit over the "
                    + "replay");
        }
    }

    /**
     * Where each chosen partition goes; refuses a start out of retention, past the end, or after the
     * committed offset, an end before the start or one that changes nothing, and a bounded replay of a
     * partition whose latest replay (in {@code replays}) is bounded and not finished.
     */
    private List<ReplayPlan.Move> moves(Admin admin, ReplayRequest q, Map<TopicPartition, ReplayRecord> replays)
            throws ExecutionException, InterruptedException, TimeoutException {
        long timeout = cluster.timeoutMillis();
        String app = q.app();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        List<TopicPartition> chosen = new ArrayList<>(committed.keySet().stream()
                .filter(tp -> q.topic() == null || tp.topic().equals(q.topic()))
                .filter(tp -> q.partition() == null || tp.partition() == q.partition()).toList());
        chosen.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        if (chosen.isEmpty()) {
            throw new OnCallException("app '" + app + "' has no committed offset" + (q.topic() == null ? ""
                    : " of topic '" + q.topic() + "'" + (q.partition() == null ? "" : " partition " + q.partition()))
                    + " to replay from" + (committed.isEmpty() ? "" : "; it has offsets of " + committed.keySet()
                    .stream().map(tp -> tp.topic() + "-" + tp.partition()).sorted().toList()));
        }
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, chosen, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(admin, chosen, OffsetSpec.latest(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> atTime = q.fromTime() == null ? Map.of()
                : offsets(admin, chosen, OffsetSpec.forTimestamp(q.fromTime().toEpochMilli()), timeout);
        // the first event after the end time: the end is the event before it
        Map<TopicPartition, ListOffsetsResultInfo> afterEnd = q.toTime() == null ? Map.of()
                : offsets(admin, chosen, OffsetSpec.forTimestamp(q.toTime().toEpochMilli() + 1), timeout);
        List<ReplayPlan.Move> moves = new ArrayList<>();
        for (TopicPartition tp : chosen) {
            long start = earliest.get(tp).offset();
            long end = latest.get(tp).offset();
            long now = committed.get(tp).offset();
            String where = "topic '" + tp.topic() + "' partition " + tp.partition();
            long from;
            if (q.fromOffset() != null) {
                from = q.fromOffset();
                if (from < start) {
                    throw new OnCallException(where + ": offset " + from + " is out of retention; the earliest kept is "
                            + start + oldest(tp, start, end));
                }
                if (from >= end) {
                    throw new OnCallException(where + ": offset " + from + " is past the end; the last event is at "
                            + "offset " + (end - 1));
                }
            } else {
                long found = atTime.get(tp).offset();
                from = found < 0 ? end : found;
                // events of the time may have been deleted: the oldest kept is later than it, and some were deleted
                if (start > 0 && from == start && atTime.get(tp).timestamp() > q.fromTime().toEpochMilli()) {
                    throw new OnCallException(where + ": " + q.fromTime() + " is out of retention; the earliest kept "
                            + "event is at offset " + start + oldest(tp, start, end));
                }
            }
            checkNotUnderWay(app, tp, now, replays.get(tp));
            if (from > now) {
                throw new OnCallException(where + ": offset " + from + " is after the committed offset " + now
                        + ": that would skip events, not replay them (ferry skip skips the one event an app halted at)");
            }
            Long to = q.toOffset();
            if (q.toTime() != null) {
                long found = afterEnd.get(tp).offset();
                to = (found < 0 ? end : found) - 1;
            }
            if (to != null && to < from) {
                if (q.partition() == null) {
                    continue; // no event of this partition in the range: it is not replayed
                }
                throw new OnCallException(where + ": " + (q.toOffset() != null ? "--to-offset " + q.toOffset()
                        : "the last event at or before " + q.toTime() + " (--to-time) is at offset " + to)
                        + ", before the start of the replay, offset " + from);
            }
            if (from < now) {
                moves.add(new ReplayPlan.Move(tp.topic(), tp.partition(), now, from, to));
            }
        }
        if (moves.isEmpty()) {
            throw new OnCallException("nothing to replay: app '" + app + "' has processed nothing after "
                    + (q.fromOffset() != null ? "offset " + q.fromOffset() : q.fromTime()) + " yet"
                    + (q.toTime() != null && q.partition() == null ? ", or has no event up to " + q.toTime()
                    + " after it" : ""));
        }
        if (q.bounded() && moves.stream().noneMatch(ReplayPlan.Move::jumps)) {
            throw new OnCallException((q.toOffset() != null ? "--to-offset " + q.toOffset() : "--to-time " + q.toTime())
                    + " changes nothing: app '" + app + "' had processed no further than the end on any partition it "
                    + "replays (" + String.join(", ", moves.stream().map(m -> m.where() + ": end at offset " + m.to()
                    + ", processed up to offset " + (m.committed() - 1)).toList()) + "); a replay without --to does "
                    + "this");
        }
        return moves;
    }

    /**
     * Refuses a bounded replay of a partition whose latest replay, {@code last}, is bounded and not
     * finished (the app, at {@code committed}, has not yet gone on from where that one goes on): one
     * record cannot say both ends, and the new one would cancel the old one's.
     */
    private static void checkNotUnderWay(String app, TopicPartition tp, long committed, ReplayRecord last) {
        if (last != null && last.jumps() && committed < last.resumeAt()) {
            throw new OnCallException("topic '" + tp.topic() + "' partition " + tp.partition() + ": the bounded replay "
                    + "by " + last.by() + " at " + last.at() + " (\"" + last.reason() + "\") is not finished: it ends at "
                    + "offset " + last.to() + " and goes on from " + last.resumeAt() + ", and app '" + app + "' has "
                    + "committed offset " + committed + "; start the app to finish it first, or replay without --to");
        }
    }

    private String oldest(TopicPartition tp, long start, long end) {
        if (start >= end) {
            return " (the partition is empty)";
        }
        return ", from " + Instant.ofEpochMilli(EventReader.read(cluster, tp.topic(), tp.partition(), start)
                .timestamp());
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
                                                                      OffsetSpec spec, long timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, spec));
        return admin.listOffsets(query).all().get(timeout, TimeUnit.MILLISECONDS);
    }

    private void write(Admin admin, List<ReplayRecord> records, long timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(new NewTopic(auditTopic, Optional.of(1), Optional.empty())
                    .configs(Map.of("retention.ms", "-1")))).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new OnCallException("cannot create the audit topic '" + auditTopic + "': " + e.getCause()
                        + "; nothing was replayed");
            }
        }
        Map<String, Object> props = cluster.clientProperties("producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-replay");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (ReplayRecord r : records) {
                sent.add(producer.send(new ProducerRecord<>(auditTopic, r.app(), r.toJson())));
            }
            for (Future<?> f : sent) {
                f.get(timeout, TimeUnit.MILLISECONDS);
            }
        }
    }
}
