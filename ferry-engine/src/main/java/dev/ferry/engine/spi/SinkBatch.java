package dev.ferry.engine.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Sink#write} takes: the encoded outputs of some input events, and those events.
 *
 * @param outputs  the records to write, in order (outputs of each event in the order emitted)
 * @param consumed the input events they came from, in poll order
 */
public record SinkBatch(List<OutputRecord> outputs, List<Event> consumed) {

    /**
     * For each partition among the consumed events, the offset after the last of them: what a sink
     * that owns offsets stores (and the consumer would commit).
     */
    public Map<Partition, Long> nextOffsets() {
        Map<Partition, Long> out = new LinkedHashMap<>();
        for (Event e : consumed) {
            out.merge(new Partition(e.topic(), e.partition()), e.offset() + 1, Math::max);
        }
        return out;
    }
}
