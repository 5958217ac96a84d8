package dev.ferry.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * What to replay, as {@code ferry replay} and the hub's Replay form ask for it: an app, where to
 * start (an offset of one partition, or a time in each partition), optionally where to end (an
 * offset, or a time) and which input partitions (all that the group has committed offsets for,
 * those of one topic, or one partition). {@link OffsetReplay#plan} turns it into moves per partition.
 *
 * @param app        the app (its consumer group)
 * @param topic      only this input topic, or null for all
 * @param partition  only this partition of {@code topic}, or null
 * @param fromOffset start at this offset of {@code topic}/{@code partition}; or null, and then {@code fromTime}
 * @param fromTime   start at the first event at or after this time in each partition; or null
 * @param toOffset   end at this offset (included) of {@code topic}/{@code partition}, or null
 * @param toTime     end in each partition at its last event at or before this time, or null
 */
public record ReplayRequest(String app, String topic, Integer partition, Long fromOffset, Instant fromTime,
                            Long toOffset, Instant toTime) {

    /**
     * Checks the request is one replay.
     *
     * @throws IllegalArgumentException saying what is missing or contradicts
     */
    public ReplayRequest {
        Objects.requireNonNull(app, "app");
        if (app.isBlank()) {
            throw new IllegalArgumentException("say which app to replay");
        }
        if ((fromOffset == null) == (fromTime == null)) {
            throw new IllegalArgumentException("say where to replay from: an offset or a time, one of them");
        }
        if (partition != null && topic == null) {
            throw new IllegalArgumentException("a partition needs its topic");
        }
        if ((fromOffset != null || toOffset != null) && partition == null) {
            throw new IllegalArgumentException("a replay from or to an offset needs a topic and a partition: offsets "
                    + "are per partition");
        }
        if (fromOffset != null && fromOffset < 0) {
            throw new IllegalArgumentException("the offset to replay from must be at least 0, got " + fromOffset);
        }
        if (toOffset != null && toTime != null) {
            throw new IllegalArgumentException("say where the replay ends with an offset or a time, not both");
        }
        if (toOffset != null && toOffset < 0) {
            throw new IllegalArgumentException("the offset to end at must be at least 0, got " + toOffset);
        }
        if (toOffset != null && fromOffset != null && toOffset < fromOffset) {
            throw new IllegalArgumentException("the end offset " + toOffset + " is before the start offset "
                    + fromOffset + ": a replay ends at or after its start");
        }
        if (toTime != null && fromTime != null && toTime.isBefore(fromTime)) {
            throw new IllegalArgumentException("the end time " + toTime + " is before the start time " + fromTime
                    + ": a replay ends at or after its start");
        }
    }

    /** Whether the replay has an end other than the end of the partitions. */
    public boolean bounded() {
        return toOffset != null || toTime != null;
    }
}
