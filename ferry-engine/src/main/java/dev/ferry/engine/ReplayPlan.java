package dev.ferry.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a replay will do, per partition, before it is done: what {@code ferry replay} asks to confirm
 * and what the hub's confirmation page shows. Made by {@link OffsetReplay#plan}, carried out by
 * {@link OffsetReplay#apply}.
 *
 * @param app   the app
 * @param moves one per partition moved, by topic and partition
 */
public record ReplayPlan(String app, List<Move> moves) {

    /** Copies the moves. */
    public ReplayPlan {
        Objects.requireNonNull(app, "app");
        moves = List.copyOf(moves);
    }

    /** How many events are processed again, in all. */
    public long events() {
        return moves.stream().mapToLong(Move::events).sum();
    }

    /**
     * One partition's move: from its committed offset back to {@code from}, to be processed again up
     * to {@code to} (null: to the end), after which the app goes on from {@code committed}.
     *
     * @param topic     the input topic
     * @param partition its partition
     * @param committed the committed offset before the replay
     * @param from      the first offset processed again
     * @param to        the last offset processed again, or null: to the end
     */
    public record Move(String topic, int partition, long committed, long from, Long to) {

        /** Whether the end leaves events out: those after {@code to} and before {@code committed}. */
        public boolean jumps() {
            return to != null && to + 1 < committed;
        }

        /** How many events are processed again. */
        public long events() {
            return (jumps() ? to + 1 : committed) - from;
        }

        /** {@code topic 't' partition 2}, for messages. */
        public String where() {
            return "topic '" + topic + "' partition " + partition;
        }

        /** What the app does on this partition, e.g. {@code processes 2 to 4 again (3 event(s)), then ...}. */
        public String plan() {
            if (jumps()) {
                return "processes " + from + " to " + to + " again (" + events() + " event(s)), then goes on from "
                        + committed + " (" + (to + 2 == committed ? "offset " + (to + 1) + " is"
                        : "offsets " + (to + 1) + " to " + (committed - 1) + " are") + " not processed again)";
            }
            return "processes " + from + " to " + (committed - 1) + " again (" + events() + " event(s)), then goes on "
                    + "to the end" + (to == null ? "" : " (its end, offset " + to + ", is not before the last event it "
                    + "processed)");
        }
    }
}
