package dev.ferry.hub.web;

import dev.ferry.hub.HubData;
import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.HubUser;
import dev.ferry.hub.access.Masking;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one way pages and the API peek at events: masks the fields the topic's schema marks
 * sensitive (whoever asks) and writes who looked at which partitions and offsets to the audit log.
 */
final class Peeks {

    private final HubData data;
    private final AuditLog audit;
    private final Clock clock;

    Peeks(HubData data, AuditLog audit, Clock clock) {
        this.data = data;
        this.audit = audit;
        this.clock = clock;
    }

    /** The events, masked, and the peek audited; {@code detail} is the topic if already read. */
    List<PeekedEvent> peek(HubUser user, String topic, TopicDetail detail, PeekRequest request) {
        List<PeekedEvent> events = Masking.forSchema(detail.schema()).apply(data.peek(topic, request));
        audit.record(new AuditEntry(clock.instant(), user.name(), AuditEntry.PEEK, topic, describe(events)));
        return events;
    }

    /** Which partitions and offsets were shown, such as {@code 3 event(s): partition 0 offsets 4..6}. */
    static String describe(List<PeekedEvent> events) {
        if (events.isEmpty()) {
            return "no events";
        }
        Map<Integer, long[]> ranges = new TreeMap<>();
        for (PeekedEvent e : events) {
            ranges.merge(e.partition(), new long[] {e.offset(), e.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return events.size() + " event(s): " + ranges.entrySet().stream()
                .map(r -> "partition " + r.getKey() + " offsets " + r.getValue()[0] + ".." + r.getValue()[1])
                .collect(Collectors.joining(", "));
    }
}
