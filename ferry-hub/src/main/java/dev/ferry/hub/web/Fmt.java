package dev.ferry.hub.web;

import dev.ferry.engine.Lineage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How the pages write numbers, sizes, times and links: one place, so every page says it the same way. */
final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** A count with thousands separators: {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate per minute: whole above 10, one decimal below. */
    static String rate(double perMinute) {
        return perMinute >= 10 || perMinute == 0 ? String.format(Locale.ROOT, "%,.0f", perMinute)
                : String.format(Locale.ROOT, "%.1f", perMinute);
    }

    /** Bytes as B, KiB, MiB or GiB; "?" if unknown (negative). */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Seconds of lag: "0 s", "12.3 s", "4m05s"; "?" if unknown (negative). */
    static String seconds(double s) {
        if (s < 0) {
            return "?";
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = (long) s;
        return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
    }

    /** Milliseconds of latency: "3.2 ms", "1.25 s"; "-" with no samples (negative). */
    static String millis(double ms) {
        if (ms < 0) {
            return "-";
        }
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** A share from 0 to 1 as a percentage. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** A time in UTC to the second. */
    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    /** A time's hour and minute in UTC. */
    static String minute(Instant t) {
        return MINUTE.format(t);
    }

    /**
     * What a header's value means, when the page can say more than its text: the time of the
     * chain's first event for {@code ferry-origin-time} (milliseconds since the epoch); else empty.
     */
    static String headerHint(String name, String value) {
        if (!Lineage.ORIGIN_TIME.equals(name) || value == null) {
            return "";
        }
        try {
            return time(Instant.ofEpochMilli(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return "";
        }
    }

    /** A name as one path segment of a link: {@code /topics/} + segment(name). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value as a query parameter. */
    static String param(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** Names joined by ", ", or "-" if none. */
    static String names(List<String> names) {
        return names.isEmpty() ? "-" : String.join(", ", names);
    }
}
