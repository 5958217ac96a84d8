package dev.ferry.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a running app's health, for readiness checks, the CLI and on-call: what state it
 * is in, how much it has done, how far behind it is, and, when failing or halted, which event and
 * why.
 *
 * <p>The {@linkplain Health health verdict} follows Burrow's consumer lag evaluation rules, per
 * input partition, over a sliding window of the last {@value #LAG_WINDOW} lag samples (one a
 * second, taken by the consumer's poll thread; the profile's {@code monitoring.lag-window} sets
 * another window). A sample is the partition's lag in events (log end offset minus the offset of the
 * next event to process), that next offset (what is committed), and how many events the consumer
 * that owns the partition has completed so far.
 * <ol>
 *   <li>a halted app is {@link Health#HALTED}, whatever its lag;</li>
 *   <li>a partition whose window is not yet full, or with a zero lag in any sample of the window,
 *       is {@link Health#OK};</li>
 *   <li>a partition whose next offset did not move over the whole window while its lag stayed above
 *       zero is {@link Health#STALLED} if its consumer completed no event at all over the window
 *       (nothing moves, so nothing is committed), and {@link Health#LAGGING} if the consumer completed
 *       other events meanwhile: the partition waits behind the consumer's own work (its fetches
 *       return other partitions first, fetching is paused while the pipeline is full, the workers are
 *       busy on other keys), so a busy app is never called stalled;</li>
 *   <li>a partition whose next offset moved but whose lag never went down from one sample to the
 *       next is {@link Health#LAGGING}: it works, but does not keep up;</li>
 *   <li>else it is {@link Health#OK}.</li>
 * </ol>
 * The app's verdict is its worst partition's; {@link #healthReason()} names that partition.
 *
 * @param app          the app's name
 * @param state        the worst state among its consumers
 * @param consumers    how many consumers it runs
 * @param partitions   how many input partitions are assigned to it now
 * @param consumed     input events completed (outputs acknowledged) since start
 * @param emitted      output events acknowledged since start
 * @param deadLettered input events sent to the dead-letter topic since start
 * @param failure      the event it is failing or halted on, if any
 * @param health       the lag verdict (see above)
 * @param healthReason why the verdict is what it is, as a sentence; empty when {@link Health#OK}
 * @param lag          events behind, summed over its partitions, as last sampled
 * @param unreachable  present while the app cannot reach its Kafka cluster: since when and for how long
 * @param store        present while the sink of a consumer says it cannot write to its store: since
 *                     when, for how long, why (the longest outage among the consumers)
 */
public record AppStatus(String app, State state, int consumers, int partitions, long consumed, long emitted,
                        long deadLettered, Optional<Failure> failure, Health health, String healthReason, long lag,
                        Optional<Unreachable> unreachable, Optional<StoreUnavailable> store) {

    /**
     * How many lag samples per partition the health verdict looks at, one a second, unless the
     * profile's {@code monitoring.lag-window} says otherwise.
     */
    public static final int LAG_WINDOW = 10;

    /** Checks the verdict and the cluster's reach are present. */
    public AppStatus {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(healthReason, "healthReason");
        Objects.requireNonNull(unreachable, "unreachable");
        Objects.requireNonNull(store, "store");
    }

    /** A status whose sink's store, if it has one, is available. */
    public AppStatus(String app, State state, int consumers, int partitions, long consumed, long emitted,
                     long deadLettered, Optional<Failure> failure, Health health, String healthReason, long lag,
                     Optional<Unreachable> unreachable) {
        this(app, state, consumers, partitions, consumed, emitted, deadLettered, failure, health, healthReason, lag,
                unreachable, Optional.empty());
    }

    /** A status without lag information: health {@link Health#OK} unless halted, lag 0, the cluster reachable. */
    public AppStatus(String app, State state, int consumers, int partitions, long consumed, long emitted,
                     long deadLettered, Optional<Failure> failure) {
        this(app, state, consumers, partitions, consumed, emitted, deadLettered, failure,
                state == State.HALTED ? Health.HALTED : Health.OK,
                state == State.HALTED ? failure.map(Failure::describe).orElse("halted") : "", 0, Optional.empty(),
                Optional.empty());
    }

    /** What an app is doing. */
    public enum State {
        /** Joining the group; nothing assigned yet. */
        STARTING,
        /** Consuming normally. */
        RUNNING,
        /**
         * Retrying a failing event with backoff: from its first retry until it is settled (it succeeds,
         * is dead-lettered, or its partition is given up); other events completing meanwhile do not end it.
         */
        FAILING,
        /** Stopped at a failing event until it is fixed and restarted; nothing past it is committed. */
        HALTED,
        /** Closed. */
        STOPPED
    }

    /** Whether an app keeps up with its input, judged from its lag (see the class comment). */
    public enum Health {
        /** Caught up at some point over the window, or lag shrinking. */
        OK,
        /** Committing, but the lag did not shrink over the window; or waiting behind the consumer's other work. */
        LAGGING,
        /** Lag above zero and no progress over the window, neither of the partition nor of its consumer. */
        STALLED,
        /** Halted on a failing event ({@link AppStatus#failure()} names it). */
        HALTED
    }

    /**
     * The event an app is failing or halted on.
     *
     * @param position where the event is, or null if the consumer stopped on an error not tied to an event
     * @param attempts how many times it was tried so far
     * @param message  why it failed
     */
    public record Failure(EventPosition position, int attempts, String message) {

        /** A sentence: where and why. */
        public String describe() {
            return (position == null ? "" : "at " + position + " after " + attempts + " attempt(s): ") + message;
        }
    }

    /**
     * The app cannot reach its Kafka cluster: a consumer that owns partitions has received nothing
     * from any broker for longer than a healthy cluster ever keeps it waiting (twice the longest of
     * the heartbeat interval and {@code fetch.max.wait.ms}, at least 3 s: 6 s with Kafka's defaults).
     *
     * @param since    when it last heard from the cluster
     * @param duration how long before this status that was
     */
    public record Unreachable(Instant since, Duration duration) {

        /** A sentence: for how long, and since when. */
        public String describe() {
            return "nothing received from it for " + duration.toSeconds() + "s (since " + since + ")";
        }
    }

    /**
     * The sink of a consumer cannot write to its store (a database, a cache): it said so through
     * {@link dev.ferry.engine.spi.StoreAvailability}, and retries meanwhile.
     *
     * @param since    when it first failed to write
     * @param duration how long before this status that was
     * @param reason   why, as the sink said it
     */
    public record StoreUnavailable(Instant since, Duration duration, String reason) {

        /** Checks the reason is present. */
        public StoreUnavailable {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(reason, "reason");
        }

        /** A sentence: why, since when, and for how long. */
        public String describe() {
            return reason + " (since " + since + ", " + duration.toSeconds() + "s)";
        }
    }

    /**
     * Whether the app is ready to serve: consuming, with partitions, not halted, hearing from its
     * cluster, and able to write to its sink's store.
     */
    public boolean ready() {
        return (state == State.RUNNING || state == State.FAILING) && partitions > 0 && unreachable.isEmpty()
                && store.isEmpty();
    }

    /** Why the app is not {@linkplain #ready() ready}, as a sentence; empty when it is. */
    public String notReadyReason() {
        return switch (state) {
            case STARTING -> "app '" + app + "' is starting: no partitions assigned yet";
            case STOPPED -> "app '" + app + "' is stopped";
            case HALTED -> "app '" + app + "' is HALTED " + failure.map(Failure::describe).orElse("");
            case RUNNING, FAILING -> unreachable.map(u -> "app '" + app + "' cannot reach the Kafka cluster: "
                    + u.describe()).or(() -> store.map(u -> "app '" + app + "' cannot write to its store: "
                    + u.describe())).orElse(partitions > 0 ? "" : "app '" + app + "' has no partitions assigned");
        };
    }
}
