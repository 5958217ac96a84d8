package dev.ferry.proxy;

import dev.ferry.api.Envelope;
import java.util.List;

/** The tests' app: each score in, the same score out as the payload of a standard envelope. */
public final class Scores {

    /** One score. */
    public record Score(String user, int score) {
    }

    private Scores() {
    }

    /** Wraps each score. */
    public static List<Envelope<Score>> score(List<Score> in) {
        return in.stream().map(Envelope::of).toList();
    }
}
