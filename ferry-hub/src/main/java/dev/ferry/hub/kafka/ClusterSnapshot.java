package dev.ferry.hub.kafka;

import dev.ferry.hub.GroupView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What one metadata refresh read of the cluster: its topics with each partition's leader, offsets
 * and size, and its consumer groups with their members and committed offsets. Immutable; the hub
 * serves pages from the latest one.
 *
 * @param takenAt when the refresh started
 * @param topics  every topic by name
 * @param groups  every consumer group by id
 */
record ClusterSnapshot(Instant takenAt, Map<String, TopicState> topics, Map<String, GroupState> groups) {

    /** Before the first refresh. */
    static final ClusterSnapshot EMPTY = new ClusterSnapshot(Instant.EPOCH, Map.of(), Map.of());

    ClusterSnapshot {
        topics = Map.copyOf(topics);
        groups = Map.copyOf(groups);
    }

    /** One topic: its partitions in order. */
    record TopicState(String name, List<PartitionState> partitions) {
        TopicState {
            partitions = List.copyOf(partitions);
        }

        long eventsHeld() {
            return partitions.stream().mapToLong(p -> Math.max(0, p.end() - p.start())).sum();
        }

        /** The size over the partitions' leaders, or -1 if any is unknown. */
        long sizeBytes() {
            long sum = 0;
            for (PartitionState p : partitions) {
                if (p.sizeBytes() < 0) {
                    return -1;
                }
                sum += p.sizeBytes();
            }
            return sum;
        }
    }

    /**
     * One partition.
     *
     * @param partition its number
     * @param leader    its leader's broker id, -1 if none
     * @param start     its log start offset, -1 if unknown
     * @param end       its log end offset, -1 if unknown
     * @param sizeBytes its size on the leader, -1 if unknown
     */
    record PartitionState(int partition, int leader, long start, long end, long sizeBytes) {
    }

    /**
     * One consumer group.
     *
     * @param group     its id
     * @param state     its state as the cluster names it
     * @param members   its members
     * @param committed its committed offset per partition
     */
    record GroupState(String group, String state, List<GroupView.Member> members, Map<TopicPartition, Long> committed) {
        GroupState {
            members = List.copyOf(members);
            committed = Map.copyOf(committed);
        }
    }

    /** The log end offset of a partition, -1 if unknown. */
    long end(TopicPartition tp) {
        TopicState t = topics.get(tp.topic());
        if (t == null) {
            return -1;
        }
        return t.partitions().stream().filter(p -> p.partition() == tp.partition()).mapToLong(PartitionState::end)
                .findFirst().orElse(-1);
    }
}
