package dev.ferry.engine.internal;

import dev.ferry.engine.EventPosition;
import java.time.Duration;
import java.util.List;

/**
 * Reports a runner's progress to the app's state and metrics; subclasses record which events are
 * completed, so that their offsets can be committed.
 */
abstract class ReportingListener implements BatchRunner.Listener {

    private final AppState state;
    private final int consumerIndex;

    ReportingListener(AppState state, int consumerIndex) {
        this.state = state;
        this.consumerIndex = consumerIndex;
    }

    /** Records these events as completed. */
    abstract void advance(List<InRecord> events);

    @Override
    public void completed(List<InRecord> events, int emitted) {
        advance(events);
        state.completed(events.size(), emitted);
        state.running(consumerIndex);
    }

    @Override
    public void completed(List<InRecord> events, List<OutRecord> outputs) {
        advance(events);
        state.completed(events.size(), outputs);
        state.running(consumerIndex);
    }

    @Override
    public void failed(ProcessingException.Stage stage) {
        state.failed(stage);
    }

    @Override
    public void retrying(EventPosition position, int attempt, Duration backoff, ProcessingException cause) {
        PollLoop.LOG.warn("app '{}': event at {} failed (attempt {}), retrying in {}: {}", state.snapshot().app(),
                position, attempt, Durations.format(backoff), cause.getMessage());
        state.retried();
        state.failing(consumerIndex, position, attempt, cause.getMessage());
    }

    @Override
    public void deadLettered(EventPosition position, int attempts, ProcessingException cause) {
        state.deadLettered();
    }
}
