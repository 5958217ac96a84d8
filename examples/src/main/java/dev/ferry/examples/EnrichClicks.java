package dev.ferry.examples;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The README's slow, I/O-bound function (section "Concurrency"): each click is enriched by a lookup
 * in a feature store that answers in about 5 ms, so the app asks for {@code concurrency = 64} and
 * the engine runs sub-batches of different keys at once, keeping each key's order.
 */
public class EnrichClicks {

    /** A click on a page by a user; the event's key is the user. */
    public record Click(String user, String page) { }

    /** The click with the user's segment from the feature store. */
    public record EnrichedClick(String user, String page, String segment) { }

    /** The feature store client, shared by every call: it holds no state, so it is thread-safe. */
    static final FeatureStore featureStore = new FeatureStore();

    // tag::readme-concurrency[]
    @Ferry(app = "enrich-clicks", topics = "clicks", concurrency = 64,
           outputs = @Output(topic = "clicks.enriched", schema = EnrichedClick.class))
    public static List<EnrichedClick> enrich(List<InputEvent<Click>> clicks) {
        return clicks.stream().map(c -> featureStore.enrich(c.value())).toList(); // 5 ms per call
    }
    // end::readme-concurrency[]

    /** Stands for a remote feature store: a lookup waits on the network for about 5 ms. */
    static final class FeatureStore {

        static final Duration LOOKUP = Duration.ofMillis(5);

        EnrichedClick enrich(Click click) {
            LockSupport.parkNanos(LOOKUP.toNanos());
            return new EnrichedClick(click.user(), click.page(), segmentOf(click.user()));
        }

        static String segmentOf(String user) {
            return Math.floorMod(user.hashCode(), 2) == 0 ? "even" : "odd";
        }
    }
}
