package dev.ferry.engine.internal;

import dev.ferry.engine.AppStatus.Health;
import java.util.List;

/**
 * Burrow's consumer lag evaluation rules, for one partition, over a window of lag samples (the
 * rules are spelled out on {@link dev.ferry.engine.AppStatus}). A pure function: no clock, no
 * broker. The halted verdict is not decided here but by the app's state.
 */
final class LagRules {

    /**
     * One lag sample of a partition.
     *
     * @param atMillis when it was taken (wall clock)
     * @param next     the offset of the next event to process (what is, or will be, committed)
     * @param lag      the log end offset minus {@code next}
     */
    public record Sample(long atMillis, long next, long lag) {
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
            return Health.STALLED;
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lag() < window.get(i - 1).lag()) {
                return Health.OK;
            }
        }
        return Health.LAGGING;
    }

    /** Why a partition got a verdict other than OK, as a sentence. */
    static String reason(Health verdict, String topic, int partition, List<Sample> window) {
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        long seconds = Math.max(0, (last.atMillis() - first.atMillis()) / 1000);
        String where = "topic '" + topic + "' partition " + partition;
        return switch (verdict) {
            case STALLED -> where + " is STALLED: " + last.lag() + " event(s) behind and no commit progress past offset "
                    + last.next() + " over the last " + window.size() + " samples (" + seconds + "s)";
            case LAGGING -> where + " is LAGGING: its lag went from " + first.lag() + " to " + last.lag()
                    + " event(s) without shrinking over the last " + window.size() + " samples (" + seconds + "s)";
            default -> "";
        };
    }
}
