package dev.ferry.engine.internal;

/** What a consumer loop is doing; only its poll thread changes it. */
enum LoopState {
    /** Polling, and running batches through the pipeline. */
    RUNNING,
    /**
     * Going back over the events whose outputs were not acknowledged, waited for, up to the last one
     * that was in flight; then {@link #RUNNING} again.
     */
    REPLAYING,
    /**
     * Stopped at an event that kept failing: every partition paused, the group membership kept (so the
     * lag shows), nothing past the event committed, until the app is restarted.
     */
    HALTED,
    /** Stopping: starting nothing more, letting the work in flight finish and committing it. */
    DRAINING,
    /** The consumer is closed. */
    CLOSED
}
