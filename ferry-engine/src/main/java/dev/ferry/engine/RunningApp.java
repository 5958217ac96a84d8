package dev.ferry.engine;

import dev.ferry.engine.internal.AppState;
import dev.ferry.engine.internal.PollLoop;
import java.time.Duration;
import java.util.List;

/**
 * A started app: its consumers run on their own threads until {@link #close()}. Thread-safe.
 */
public final class RunningApp implements AutoCloseable {

    private final AppSpec spec;
    private final AppState state;
    private final List<PollLoop> loops;
    private final Duration shutdownTimeout;

    RunningApp(AppSpec spec, AppState state, List<PollLoop> loops, Duration shutdownTimeout) {
        this.spec = spec;
        this.state = state;
        this.loops = List.copyOf(loops);
        this.shutdownTimeout = shutdownTimeout;
    }

    /** What the app is: name, topics, schemas, owner. */
    public AppSpec spec() {
        return spec;
    }

    /** Its health now. */
    public AppStatus status() {
        return state.snapshot();
    }

    /**
     * Stops every consumer: each lets its batch in flight finish within the profile's shutdown
     * timeout (else abandons the rest of it), commits what is complete and leaves the group. Blocks
     * until done or until twice the shutdown timeout has passed. Idempotent.
     */
    @Override
    public void close() {
        loops.forEach(PollLoop::stop);
        long deadline = System.nanoTime() + shutdownTimeout.multipliedBy(2).plusSeconds(5).toNanos();
        for (PollLoop loop : loops) {
            try {
                loop.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return spec + " " + status();
    }
}
