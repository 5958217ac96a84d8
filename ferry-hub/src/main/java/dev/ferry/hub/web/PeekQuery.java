package dev.ferry.hub.web;

import dev.ferry.hub.PeekRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The peek form's fields ({@code partition}, {@code offset}, {@code time}, {@code limit}) as typed,
 * and the {@link PeekRequest} they make. A field that is not a number or a time, or a request the
 * read model refuses, is a {@link BadRequest} naming the field and what was typed, never a 500.
 *
 * @param partition as typed, or empty
 * @param offset    as typed, or empty
 * @param time      as typed, or empty: ISO-8601 ({@code 2026-12-02T05:00:00Z}) or a browser's
 *                  {@code datetime-local} ({@code 2026-12-02T05:00}, taken as UTC)
 * @param limit     as typed, or empty for {@value #DEFAULT_LIMIT}
 */
record PeekQuery(String partition, String offset, String time, String limit) {

    /** How many events a peek shows when no limit is given. */
    static final int DEFAULT_LIMIT = 20;

    PeekQuery {
        partition = blankToEmpty(partition);
        offset = blankToEmpty(offset);
        time = blankToEmpty(time);
        limit = blankToEmpty(limit);
    }

    /** The newest events of every partition. */
    static PeekQuery newest() {
        return new PeekQuery("", "", "", "");
    }

    PeekRequest request() {
        OptionalInt p = partition.isEmpty() ? OptionalInt.empty() : OptionalInt.of(integer("partition", partition));
        if (p.isPresent() && p.getAsInt() < 0) {
            throw new BadRequest("partition must be 0 or more, got " + partition);
        }
        OptionalLong o = offset.isEmpty() ? OptionalLong.empty() : OptionalLong.of(number("offset", offset));
        if (o.isPresent() && o.getAsLong() < 0) {
            throw new BadRequest("offset must be 0 or more, got " + offset);
        }
        Optional<Instant> t = time.isEmpty() ? Optional.empty() : Optional.of(instant(time));
        int l = limit.isEmpty() ? DEFAULT_LIMIT : integer("limit", limit);
        try {
            return new PeekRequest(p, o, t, l);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), e);
        }
    }

    private static int integer(String field, String text) {
        long n = number(field, text);
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new BadRequest(field + " is out of range: " + text);
        }
        return (int) n;
    }

    private static long number(String field, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(field + " must be a whole number, got '" + text + "'");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new BadRequest("time must be an ISO-8601 time such as 2026-12-02T05:00:00Z, got '" + text + "'");
            }
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
