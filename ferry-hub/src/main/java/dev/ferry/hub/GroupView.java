package dev.ferry.hub;

import dev.ferry.engine.AppStatus;
import java.util.List;
import java.util.Optional;

/**
 * A consumer group, for the consumers page.
 *
 * @param group    the group id
 * @param state    the group's state as the cluster says it ({@code Stable}, {@code Empty}, ...)
 * @param members  its members now
 * @param lags     its lag per partition it has committed offsets on
 * @param totalLag events behind, summed over its partitions
 * @param verdict  OK, LAGGING, STALLED or HALTED: a Ferry app's own verdict from its status reports,
 *                 else the hub's, by the same rules over its own lag samples
 * @param reason   why the verdict is what it is; empty when OK
 * @param failure  the event a halted or failing Ferry app is stuck on
 * @param app      the Ferry app this group is, if it is one
 */
public record GroupView(String group, String state, List<Member> members, List<PartitionLag> lags, long totalLag,
                        AppStatus.Health verdict, String reason, Optional<AppStatus.Failure> failure,
                        Optional<String> app) {

    /** Copies the lists. */
    public GroupView {
        members = List.copyOf(members);
        lags = List.copyOf(lags);
    }

    /**
     * A member of the group.
     *
     * @param clientId   its client id
     * @param host       the host it connects from
     * @param partitions the partitions assigned to it, as {@code topic-partition}
     */
    public record Member(String clientId, String host, List<String> partitions) {
        /** Copies the list. */
        public Member {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * The group's lag on one partition.
     *
     * @param topic      the topic
     * @param partition  the partition
     * @param committed  the group's committed offset
     * @param end        the partition's log end offset
     * @param lagEvents  events behind
     * @param lagSeconds how old the oldest unprocessed event is, in seconds; 0 when caught up, -1 if unknown
     */
    public record PartitionLag(String topic, int partition, long committed, long end, long lagEvents,
                               double lagSeconds) {
    }
}
