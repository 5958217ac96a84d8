package dev.ferry.hub;

import java.util.List;

/**
 * A topic as the topics page lists it.
 *
 * @param name               the topic
 * @param partitions         its partition count
 * @param internal           whether it is internal (Kafka's own, or a name starting with {@code _} or {@code ferry.}):
 *                           hidden by default
 * @param perMinuteLastMinute events written in the last minute
 * @param perMinuteLastHour  events written per minute, averaged over the last hour
 * @param eventsHeld         events the topic holds now (end offsets minus start offsets)
 * @param sizeBytes          bytes on disk over all replicas' leaders, or -1 if the cluster does not say
 * @param consumerGroups     the groups with committed offsets on it
 * @param readingApps        the Ferry apps that read it (from their announcements)
 * @param writingApps        the Ferry apps that write it (from their announcements)
 * @param totalLag           events behind, summed over every group reading it
 */
public record TopicSummary(String name, int partitions, boolean internal, long perMinuteLastMinute,
                           double perMinuteLastHour, long eventsHeld, long sizeBytes, List<String> consumerGroups,
                           List<String> readingApps, List<String> writingApps, long totalLag) {

    /** Copies the lists. */
    public TopicSummary {
        consumerGroups = List.copyOf(consumerGroups);
        readingApps = List.copyOf(readingApps);
        writingApps = List.copyOf(writingApps);
    }
}
