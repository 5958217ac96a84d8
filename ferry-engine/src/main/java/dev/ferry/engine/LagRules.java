package dev.ferry.engine;

import dev.ferry.engine.AppStatus.Health;
import java.util.List;

/**
 * Burrow's consumer lag evaluation rules, for one partition, over a window of lag samples (the
 * rules are spelled out on {@link AppStatus}), with one change: a partition that
 * did not move is judged {@link Health#STALLED} only if its consumer completed nothing at all over
 * the window. A pure function: no clock, no broker. The halted verdict is not decided here but by
 * the app's state. Public so that a tool outside the engine (the hub, judging groups that are not
 * Ferry apps from its own samples) applies the very same rules instead of a copy of them.
 *
 * <p>Why the consumer's progress. Burrow judges a partition alone, by its committed offset; Ferry's
 * consumer works on its partitions through one pipeline, so a partition's events often wait behind
 * the consumer's own work on others: its fetches return another partition's buffered megabyte
 * first, the pipeline is full and fetching paused (back-pressure), or the workers are busy on other
 * keys. Such a partition does not move for many seconds while the app catches up at full speed, and
 * judging it alone called a busy, healthy app STALLED. Whether a partition waits behind work in
 * flight cannot be told from the partition (the order of fetches is the client's), but whether
 * that work moves can: if the consumer completes events, what the partition waits behind moves, and
 * it is LAGGING (behind and not catching up, for now); if the consumer completes nothing for a whole
 * window, nothing it could wait behind moves, and it is STALLED, whatever the cause (a function that
 * never returns, a sink that never acknowledges, a cluster that cannot be reached). The cost: a
 * partition stuck on its own while the consumer's other partitions progress (with
 * {@code concurrency} above 1, one key that never completes) is LAGGING, not STALLED, until the work
 * waiting behind it fills the pipeline and the consumer stops completing anything.
 */
public final class LagRules {

    /**
     * One lag sample of a partition.
     *
     * @param atMillis when it was taken (wall clock)
     * @param next     the offset of the next event to process (what is, or will be, committed)
     * @param lag      the log end offset minus {@code next}
     * @param progress how many events the consumer that owns the partition has completed so far, on
     *                 any of its partitions: only its change over the window counts
     */
    public record Sample(long atMillis, long next, long lag, long progress) {
    }

    private LagRules() {
    }

    /** The verdict of a full window of {@code size} samples, oldest first; {@link Health#OK} until it is full. */
    public static Health evaluate(List<Sample> window, int size) {
        if (window.size() < size) {
            return Health.OK;
        }
        for (Sample s : window) {
            if (s.lag() <= 0) {
                return Health.OK;
            }
        }
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        if (last.next() == first.next()) {
            return last.progress() == first.progress() ? Health.STALLED : Health.LAGGING;
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lag() < window.get(i - 1).lag()) {
                return Health.OK;
            }
        }
        return Health.LAGGING;
    }

    /** Why a partition got a verdict other than OK, as a sentence. */
    public static String reason(Health verdict, String topic, int partition, List<Sample> window) {
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        long seconds = Math.max(0, (last.atMillis() - first.atMillis()) / 1000);
        String where = "topic '" + topic + "' partition " + partition;
        String over = " over the last " + window.size() + " samples (" + seconds + "s)";
        return switch (verdict) {
            case STALLED -> where + " is STALLED: " + last.lag() + " event(s) behind, no progress past offset "
                    + last.next() + " and no event completed by its consumer" + over;
            case LAGGING -> last.next() == first.next()
                    ? where + " is LAGGING: " + last.lag() + " event(s) behind and no progress past offset " + last.next()
                            + over + ", while its consumer completed " + (last.progress() - first.progress())
                            + " other event(s): it waits behind that work"
                    : where + " is LAGGING: its lag went from " + first.lag() + " to " + last.lag()
                            + " event(s) without shrinking" + over;
            default -> "";
        };
    }
}
