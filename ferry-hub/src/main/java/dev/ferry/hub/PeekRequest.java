package dev.ferry.hub;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which recent events of a topic to show: at most {@code limit}, newest first, from one partition
 * or all, ending at an offset (with a partition) or at a time, or at the end.
 *
 * @param partition  only this partition; all if empty
 * @param fromOffset the newest offset to show (needs a partition); the end if empty
 * @param fromTime   show events written at or before this time; the end if empty
 * @param limit      how many events at most, from 1 to {@value #MAX_LIMIT}
 */
public record PeekRequest(OptionalInt partition, OptionalLong fromOffset, Optional<Instant> fromTime, int limit) {

    /** The most events one peek returns. */
    public static final int MAX_LIMIT = 500;

    /** The newest {@code limit} events of every partition. */
    public static PeekRequest newest(int limit) {
        return new PeekRequest(OptionalInt.empty(), OptionalLong.empty(), Optional.empty(), limit);
    }

    /** Checks the request can be served. */
    public PeekRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (fromOffset.isPresent() && partition.isEmpty()) {
            throw new IllegalArgumentException("an offset needs a partition");
        }
    }
}
