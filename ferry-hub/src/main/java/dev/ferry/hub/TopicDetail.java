package dev.ferry.hub;

import dev.ferry.engine.AppAnnouncement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One topic in detail, for its page.
 *
 * @param summary    what the topics page shows of it
 * @param partitions each partition's offsets and size
 * @param lastHour   events written per minute over the last hour, oldest first
 * @param schema     the schema of its events, from the app that declares it as an output, if one does
 * @param schemaApp  the app that declares that schema; empty if none
 */
public record TopicDetail(TopicSummary summary, List<PartitionView> partitions, List<RatePoint> lastHour,
                          Optional<AppAnnouncement.Output> schema, String schemaApp) {

    /** Copies the lists. */
    public TopicDetail {
        partitions = List.copyOf(partitions);
        lastHour = List.copyOf(lastHour);
    }

    /**
     * One partition.
     *
     * @param partition the partition number
     * @param earliest  its log start offset
     * @param latest    its log end offset
     * @param leader    the broker id of its leader, -1 if none
     * @param sizeBytes its size on the leader, -1 if unknown
     */
    public record PartitionView(int partition, long earliest, long latest, int leader, long sizeBytes) {
    }

    /**
     * Events written in one minute.
     *
     * @param minute the minute's start
     * @param events events written in it
     */
    public record RatePoint(Instant minute, long events) {
    }
}
