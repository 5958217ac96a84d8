package dev.ferry.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What the output topic (and the dead-letter topic, when there are poison events) holds, read back
 * with an independent consumer. An input id is covered when it has an output or, for a poison event,
 * a dead letter. An uncovered id is lost when the group has committed its offset (the app claims it
 * done), and unprocessed when not (the app stalled or halted before it: a failure of the run, but
 * not a loss). Records beyond the first for their id are duplicates. An output that is not JSON with
 * an id of the input, or a dead letter of an event that was not poison, is unexpected.
 *
 * @param expected     input events, ids 0..expected-1
 * @param poison       of which poison events
 * @param records      output records read
 * @param deadLetters  dead-letter records read
 * @param covered      input ids with an output or a dead letter
 * @param lost         input ids with neither, although the group committed past them
 * @param duplicates   records beyond the first for their id, outputs and dead letters together
 * @param unexpected   outputs and dead letters that no input should have produced
 * @param byInstance   outputs per instance that wrote them
 * @param lostIds      the lost input offsets, as ranges per partition (the first few)
 * @param settled      for read_committed, how long the audit waited for open transactions on the
 *                     output to end (null: they were still open when it read)
 * @param deadLettered poison events (distinct ids) with at least one dead letter
 * @param deadLetterDuplicates dead letters beyond the first for their id (counted in duplicates too)
 * @param deadLetterUnexpected dead letters of events that were not poison, or with no id (counted in
 *                     unexpected too)
 */
record OutputAudit(long expected, long poison, long records, long deadLetters, long covered, long lost,
                   long duplicates, long unexpected, Map<String, Long> byInstance, List<String> lostIds,
                   Duration settled, long deadLettered, long deadLetterDuplicates, long deadLetterUnexpected) {

    /** An audit of a run without poison events. */
    OutputAudit(long expected, long poison, long records, long deadLetters, long covered, long lost, long duplicates,
                long unexpected, Map<String, Long> byInstance, List<String> lostIds, Duration settled) {
        this(expected, poison, records, deadLetters, covered, lost, duplicates, unexpected, byInstance, lostIds, settled,
                0, 0, 0);
    }

    /** Poison events that have no dead letter: each is lost or unprocessed. */
    long poisonNotDeadLettered() {
        return poison - deadLettered;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOST_SHOWN = 20;
    /** More than the default transaction.timeout.ms (60s) plus the broker's check for timed-out transactions (10s). */
    static final Duration SETTLE = Duration.ofSeconds(90);

    /** Input events with neither an output nor a dead letter that the group had not committed. */
    long unprocessed() {
        return expected - covered - lost;
    }

    /**
     * Reads the run's topics at {@code isolation}; when ids are uncovered, reads the input to tell the
     * lost (below the group's {@code committed} offset of their partition) from the unprocessed.
     */
    static OutputAudit read(String bootstrapServers, InputEvents input, Map<TopicPartition, Long> committed,
                            IsolationLevel isolation, Duration timeout) {
        if (input.count() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " events can be audited");
        }
        int n = (int) input.count();
        Duration settled = isolation == IsolationLevel.READ_COMMITTED
                ? TopicReader.awaitNoOpenTransactions(bootstrapServers, FaultApp.OUTPUT, SETTLE) : Duration.ZERO;
        Tally outputs = new Tally(n);
        Map<String, Long> byInstance = new TreeMap<>();
        TopicReader.readAll(bootstrapServers, FaultApp.OUTPUT, isolation, timeout, r -> {
            JsonNode event = parse(r.value());
            long id = outputs.add(event, id2 -> !input.isPoison(id2));
            if (id >= 0) {
                byInstance.merge(event.path("instance").asText("?"), 1L, Long::sum);
            }
        });
        Tally dead = new Tally(n);
        if (input.poisonEvery() > 0) {
            TopicReader.readAll(bootstrapServers, FaultApp.DEAD_LETTERS, isolation, timeout,
                    r -> dead.add(parse(r.value()), input::isPoison));
        }
        BitSet covered = (BitSet) outputs.seen.clone();
        covered.or(dead.seen);
        List<String> lostIds = new ArrayList<>();
        long lost = covered.cardinality() == n ? 0 : locate(bootstrapServers, covered, n, committed, lostIds, timeout);
        return new OutputAudit(n, input.poisonCount(), outputs.records, dead.records, covered.cardinality(), lost,
                outputs.duplicates() + dead.duplicates(), outputs.unexpected + dead.unexpected, byInstance,
                List.copyOf(lostIds), settled, dead.seen.cardinality(), dead.duplicates(), dead.unexpected);
    }

    /** Counts the records of one topic by input id. */
    private static final class Tally {
        final BitSet seen;
        final int n;
        long records;
        long unexpected;

        Tally(int n) {
            this.n = n;
            this.seen = new BitSet(n);
        }

        /** Counts a record; returns its id, or -1 if it is unexpected (no id, out of range, or not {@code allowed}). */
        long add(JsonNode event, java.util.function.LongPredicate allowed) {
            records++;
            long id = event == null || !event.path("id").canConvertToLong() ? -1 : event.path("id").asLong();
            if (id < 0 || id >= n || !allowed.test(id)) {
                unexpected++;
                return -1;
            }
            seen.set((int) id);
            return id;
        }

        long duplicates() {
            return records - unexpected - seen.cardinality();
        }
    }

    /**
     * Counts the uncovered ids that the group committed past, and describes the first few ranges of
     * them in {@code shown}, as {@code faults.in-3 offsets 1204-1403 (200 events, ids 17...; committed 1500)}.
     */
    private static long locate(String bootstrapServers, BitSet covered, int n, Map<TopicPartition, Long> committed,
                               List<String> shown, Duration timeout) {
        Map<TopicPartition, List<long[]>> ranges = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        long[] lost = new long[1];
        TopicReader.readAll(bootstrapServers, FaultApp.INPUT, IsolationLevel.READ_UNCOMMITTED, timeout, r -> {
            JsonNode event = parse(r.value());
            long id = event == null ? -1 : event.path("id").asLong(-1);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (id >= 0 && id < n && !covered.get((int) id) && r.offset() < committed.getOrDefault(tp, 0L)) {
                lost[0]++;
                List<long[]> rs = ranges.computeIfAbsent(tp, k -> new ArrayList<>());
                long[] last = rs.isEmpty() ? null : rs.get(rs.size() - 1);
                if (last != null && last[1] == r.offset() - 1) {
                    last[1] = r.offset();
                } else {
                    rs.add(new long[] {r.offset(), r.offset(), id});
                }
            }
        });
        ranges.forEach((tp, rs) -> rs.forEach(range -> {
            if (shown.size() < LOST_SHOWN) {
                shown.add(tp + " offsets " + range[0] + "-" + range[1] + " (" + (range[1] - range[0] + 1)
                        + " events, first id " + range[2] + "; committed " + committed.get(tp) + ")");
            }
        }));
        return lost[0];
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }
}
