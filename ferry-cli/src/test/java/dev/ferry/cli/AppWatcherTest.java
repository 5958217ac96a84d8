package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.Health;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.EventPosition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What {@code ferry run} prints as an app's status changes: only the changes, in the order they happen. */
class AppWatcherTest {

    private final AtomicReference<AppStatus> status = new AtomicReference<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AppWatcher watcher = new AppWatcher(status::get, new PrintWriter(out), new PrintWriter(err));

    private static AppStatus running(Optional<AppStatus.Unreachable> unreachable) {
        return new AppStatus("scorer", State.RUNNING, 1, 2, 0, 0, 0, Optional.empty(), Health.OK, "", 0, unreachable);
    }

    private void see(AppStatus s) {
        status.set(s);
        watcher.check();
    }

    @Test
    void says_once_when_the_cluster_cannot_be_reached_and_once_when_it_answers_again() {
        Instant since = Instant.now().minusSeconds(9);
        see(running(Optional.empty()));
        see(running(Optional.of(new AppStatus.Unreachable(since, Duration.ofSeconds(6)))));
        see(running(Optional.of(new AppStatus.Unreachable(since, Duration.ofSeconds(7)))));
        see(running(Optional.empty()));

        assertThat(err.toString()).isEqualTo("app 'scorer' cannot reach the Kafka cluster: nothing received from it for "
                + "6s (since " + since + "); it is not ready until the cluster answers again" + System.lineSeparator());
        assertThat(out.toString()).endsWith("app 'scorer' reaches the Kafka cluster again, after 9s without"
                + System.lineSeparator());
    }

    @Test
    void says_once_when_the_store_is_away_and_once_when_it_answers_again() {
        Instant since = Instant.now().minusSeconds(5);
        AppStatus.StoreUnavailable away = new AppStatus.StoreUnavailable(since, Duration.ofSeconds(2), "refused");
        see(running(Optional.empty()));
        see(new AppStatus("scorer", State.RUNNING, 1, 2, 0, 0, 0, Optional.empty(), Health.OK, "", 0, Optional.empty(),
                Optional.of(away)));
        see(new AppStatus("scorer", State.RUNNING, 1, 2, 0, 0, 0, Optional.empty(), Health.OK, "", 0, Optional.empty(),
                Optional.of(new AppStatus.StoreUnavailable(since, Duration.ofSeconds(3), "refused"))));
        see(running(Optional.empty()));

        assertThat(err.toString()).isEqualTo("app 'scorer' cannot write to its store: refused (since " + since
                + ", 2s); it retries, and is not ready until the store answers again" + System.lineSeparator());
        assertThat(out.toString()).endsWith("app 'scorer' writes to its store again, after 5s without"
                + System.lineSeparator());
    }

    @Test
    void says_running_again_only_when_the_failing_state_ends() {
        AppStatus.Failure failure = new AppStatus.Failure(new EventPosition("in", 0, 3), 1, "boom");
        see(running(Optional.empty()));
        see(new AppStatus("scorer", State.FAILING, 1, 2, 0, 0, 0, Optional.of(failure)));
        see(new AppStatus("scorer", State.FAILING, 1, 2, 3, 0, 0, Optional.of(
                new AppStatus.Failure(new EventPosition("in", 0, 3), 2, "boom"))));
        see(new AppStatus("scorer", State.RUNNING, 1, 2, 4, 0, 1, Optional.empty()));

        assertThat(err.toString()).isEqualTo("app 'scorer' FAILING at topic 'in' partition 0 offset 3 after 1 attempt(s): "
                + "boom; retrying with backoff" + System.lineSeparator());
        assertThat(out.toString()).endsWith("app 'scorer' is running again: the event at topic 'in' partition 0 "
                + "offset 3 was sent to the dead-letter topic" + System.lineSeparator());
    }

    @Test
    void says_an_event_that_went_through_on_a_retry_recovered() {
        see(running(Optional.empty()));
        see(new AppStatus("scorer", State.FAILING, 1, 2, 0, 0, 0, Optional.of(
                new AppStatus.Failure(new EventPosition("in", 0, 3), 1, "boom"))));
        see(new AppStatus("scorer", State.RUNNING, 1, 2, 1, 0, 0, Optional.empty()));

        assertThat(out.toString()).endsWith("app 'scorer' recovered and is running again: the event at topic 'in' "
                + "partition 0 offset 3 went through" + System.lineSeparator());
    }

    @Test
    void says_how_to_skip_a_halted_event_and_that_it_was_skipped_when_it_runs_again() {
        AppStatus.Failure failure = new AppStatus.Failure(new EventPosition("in", 0, 3), 2, "boom");
        see(running(Optional.empty()));
        see(new AppStatus("scorer", State.HALTED, 1, 2, 3, 0, 0, Optional.of(failure)));
        see(new AppStatus("scorer", State.RUNNING, 1, 2, 9, 0, 0, Optional.empty()));

        assertThat(err.toString()).isEqualTo("app 'scorer' HALTED at topic 'in' partition 0 offset 3 after 2 attempt(s): "
                + "boom. Nothing from this event on is committed: fix the function or the event, then run again; or "
                + "skip it: ferry skip scorer --topic in --partition 0 --offset 3 --reason \"...\""
                + System.lineSeparator());
        assertThat(out.toString()).endsWith("app 'scorer' is running again: the event at topic 'in' partition 0 "
                + "offset 3 was skipped (ferry skip)" + System.lineSeparator());
    }
}
