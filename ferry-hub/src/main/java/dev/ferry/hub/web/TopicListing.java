package dev.ferry.hub.web;

import dev.ferry.hub.TopicSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which topics the topics page (and {@code /api/topics}) lists and in what order: those whose name
 * contains {@code filter} (ignoring case), internal ones only if asked, sorted by name, by rate
 * (busiest first) or by lag (most behind first).
 *
 * @param filter       part of a name; empty for all
 * @param sort         the order
 * @param showInternal whether internal topics are listed
 */
record TopicListing(String filter, Sort sort, boolean showInternal) {

    /** The orders the page offers. */
    enum Sort {
        NAME(Comparator.comparing(TopicSummary::name)),
        RATE(Comparator.comparingLong(TopicSummary::perMinuteLastMinute).reversed()
                .thenComparing(Comparator.comparingDouble(TopicSummary::perMinuteLastHour).reversed())
                .thenComparing(TopicSummary::name)),
        LAG(Comparator.comparingLong(TopicSummary::totalLag).reversed().thenComparing(TopicSummary::name));

        private final Comparator<TopicSummary> order;

        Sort(Comparator<TopicSummary> order) {
            this.order = order;
        }

        String param() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Sort parse(String text) {
            for (Sort s : values()) {
                if (s.param().equals(text)) {
                    return s;
                }
            }
            throw new BadRequest("sort must be name, rate or lag, got '" + text + "'");
        }
    }

    /**
     * Reads the query parameters {@code q}, {@code sort} and {@code internal}.
     *
     * @param internalByDefault whether internal topics are listed when {@code internal} is not given
     */
    static TopicListing of(String q, String sort, String internal, boolean internalByDefault) {
        boolean show = internalByDefault;
        if (internal != null && !internal.isEmpty()) {
            if (!internal.equals("true") && !internal.equals("false")) {
                throw new BadRequest("internal must be true or false, got '" + internal + "'");
            }
            show = internal.equals("true");
        }
        return new TopicListing(q == null ? "" : q.strip(), sort == null || sort.isEmpty() ? Sort.NAME : Sort.parse(sort),
                show);
    }

    List<TopicSummary> apply(List<TopicSummary> topics) {
        String needle = filter.toLowerCase(Locale.ROOT);
        return topics.stream()
                .filter(t -> showInternal || !t.internal())
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(sort.order)
                .toList();
    }

    /** The query string that asks for this listing, for links and the live fragment. */
    String query() {
        return "q=" + Fmt.param(filter) + "&sort=" + sort.param() + "&internal=" + showInternal;
    }
}
