package dev.ferry.hub.kafka;

import dev.ferry.hub.GroupView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * One metadata refresh: a fixed number of Admin calls whatever the cluster's size (list and
 * describe the topics, their earliest and latest offsets, the brokers and their log dirs, list and
 * describe the consumer groups, and all groups' committed offsets in one call), each naming every
 * topic or group at once; the Admin client sends one request per broker that leads the partitions.
 */
final class MetadataReader {

    private final ClusterAccess cluster;
    private final Clock clock;

    MetadataReader(ClusterAccess cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Reads the cluster; a failing call of the groups or sizes leaves those out rather than the whole. */
    ClusterSnapshot read() throws ExecutionException {
        Instant now = clock.instant();
        Set<String> names = cluster.call("admin.listTopics",
                cluster.admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
        Map<String, TopicDescription> described = names.isEmpty() ? Map.of()
                : cluster.call("admin.describeTopics", cluster.admin().describeTopics(names).allTopicNames());
        List<TopicPartition> all = new ArrayList<>();
        described.forEach((name, d) -> d.partitions().forEach(p -> all.add(new TopicPartition(name, p.partition()))));
        Map<TopicPartition, Long> starts = offsets(cluster, "admin.listOffsets", all, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(cluster, "admin.listOffsets", all, OffsetSpec.latest());
        Map<TopicPartition, Long> sizes = sizes(described);
        Map<String, ClusterSnapshot.TopicState> topics = new HashMap<>();
        described.forEach((name, d) -> {
            List<ClusterSnapshot.PartitionState> ps = new ArrayList<>();
            for (TopicPartitionInfo p : d.partitions()) {
                TopicPartition tp = new TopicPartition(name, p.partition());
                ps.add(new ClusterSnapshot.PartitionState(p.partition(), p.leader() == null ? -1 : p.leader().id(),
                        starts.getOrDefault(tp, -1L), ends.getOrDefault(tp, -1L), sizes.getOrDefault(tp, -1L)));
            }
            topics.put(name, new ClusterSnapshot.TopicState(name, ps));
        });
        return new ClusterSnapshot(now, topics, groups());
    }

    /**
     * The offsets of {@code spec} for each partition, in one call; a partition the cluster cannot
     * answer for (no leader) is left out, and a timestamp with no event at or after it gives -1.
     */
    static Map<TopicPartition, Long> offsets(ClusterAccess cluster, String kind, Collection<TopicPartition> partitions,
                                             OffsetSpec spec) throws ExecutionException {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = cluster.admin().listOffsets(request);
        cluster.counts().count(kind);
        for (TopicPartition tp : partitions) {
            try {
                out.put(tp, result.partitionResult(tp).get(cluster.timeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException e) {
                // no leader or not allowed: unknown for now
            } catch (java.util.concurrent.TimeoutException e) {
                throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException("the cluster at '"
                        + cluster.bootstrapServers() + "' did not answer " + kind + " within "
                        + cluster.timeout().toSeconds() + "s"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionException(e);
            }
        }
        return out;
    }

    /** Each partition's size on its leader; empty if the cluster does not say (not allowed, too old). */
    private Map<TopicPartition, Long> sizes(Map<String, TopicDescription> described) {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        described.forEach((name, d) -> d.partitions().forEach(p -> {
            if (p.leader() != null) {
                leaders.put(new TopicPartition(name, p.partition()), p.leader().id());
            }
        }));
        try {
            Collection<Node> nodes = cluster.call("admin.describeCluster", cluster.admin().describeCluster().nodes());
            List<Integer> ids = nodes.stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = cluster.call("admin.describeLogDirs",
                    cluster.admin().describeLogDirs(ids).allDescriptions());
            dirs.forEach((broker, byDir) -> byDir.values().forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                if (Integer.valueOf(broker).equals(leaders.get(tp)) && !info.isFuture()) {
                    out.merge(tp, info.size(), Long::sum);
                }
            })));
        } catch (ExecutionException e) {
            return Map.of();
        }
        return out;
    }

    private Map<String, ClusterSnapshot.GroupState> groups() throws ExecutionException {
        Collection<GroupListing> listed = cluster.call("admin.listGroups",
                cluster.admin().listGroups(ListGroupsOptions.forConsumerGroups()).all());
        List<String> ids = listed.stream().map(GroupListing::groupId).sorted().toList();
        Map<String, ClusterSnapshot.GroupState> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, ConsumerGroupDescription> descriptions = cluster.call("admin.describeConsumerGroups",
                cluster.admin().describeConsumerGroups(ids).all());
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = cluster.call("admin.listConsumerGroupOffsets",
                cluster.admin().listConsumerGroupOffsets(specs).all());
        for (String id : ids) {
            ConsumerGroupDescription d = descriptions.get(id);
            List<GroupView.Member> members = new ArrayList<>();
            if (d != null) {
                for (MemberDescription m : d.members()) {
                    members.add(new GroupView.Member(m.clientId(), m.host(), m.assignment().topicPartitions().stream()
                            .map(TopicPartition::toString).sorted().collect(Collectors.toList())));
                }
            }
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.getOrDefault(id, Map.of()).forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp, o.offset());
                }
            });
            String state = d == null ? "Unknown" : d.groupState().toString();
            out.put(id, new ClusterSnapshot.GroupState(id, state, members, committed));
        }
        return out;
    }
}
