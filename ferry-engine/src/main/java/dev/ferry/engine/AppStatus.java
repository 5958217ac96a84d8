package dev.ferry.engine;

import java.util.Optional;

/**
 * A snapshot of a running app's health, for readiness checks, the CLI and on-call: what state it
 * is in, how much it has done, and, when failing or halted, which event and why.
 *
 * @param app        the app's name
 * @param state      the worst state among its consumers
 * @param consumers  how many consumers it runs
 * @param partitions how many input partitions are assigned to it now
 * @param consumed   input events completed (outputs acknowledged) since start
 * @param emitted    output events acknowledged since start
 * @param deadLettered input events sent to the dead-letter topic since start
 * @param failure    the event it is failing or halted on, if any
 */
public record AppStatus(String app, State state, int consumers, int partitions, long consumed, long emitted,
                        long deadLettered, Optional<Failure> failure) {

    /** What an app is doing. */
    public enum State {
        /** Joining the group; nothing assigned yet. */
        STARTING,
        /** Consuming normally. */
        RUNNING,
        /** Retrying a failing event with backoff. */
        FAILING,
        /** Stopped at a failing event until it is fixed and restarted; nothing past it is committed. */
        HALTED,
        /** Closed. */
        STOPPED
    }

    /**
     * The event an app is failing or halted on.
     *
     * @param position where the event is
     * @param attempts how many times it was tried so far
     * @param message  why it failed
     */
    public record Failure(EventPosition position, int attempts, String message) {
    }

    /** Whether the app is ready to serve: consuming, with partitions, and not halted. */
    public boolean ready() {
        return (state == State.RUNNING || state == State.FAILING) && partitions > 0;
    }
}
