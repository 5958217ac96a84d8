package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log and the status tell a failing event's story in the order it happened: its first failure,
 * its retries, its end (dead-lettered, or halted), and only then the app running again, however the
 * completions of other events interleave with it.
 */
class FailureStoryTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    public record Echo(int id) { }

    /** Polls of 3 events: the poll before the failing event's is still being acknowledged when it fails. */
    public static class FailsAtThree {
        @Ferry(app = "fails-at-3", topics = "story.in", start = Start.BEGINNING, batchSize = 3,
                outputs = @Output(topic = "story.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            if (events.stream().anyMatch(e -> e.id() == 3)) {
                throw new IllegalStateException("three is not allowed");
            }
            return events;
        }
    }

    /** What a watcher of the status sees change: the state, the failure's offset and attempts, the dead letters. */
    private static List<Object> story(AppStatus s) {
        return List.of(s.state(), s.failure().map(f -> f.position().offset()).orElse(-1L),
                s.failure().map(AppStatus.Failure::attempts).orElse(0), s.deadLettered());
    }

    @Test
    void a_dead_lettered_event_is_failing_from_its_first_failure_until_it_is_dead_lettered_and_only_then_running_again()
            throws InterruptedException {
        TestKafka kafka = KAFKA.client();
        KAFKA.createTopic("story.in", 1);
        KAFKA.createTopic("story.out", 1);
        KAFKA.createTopic("fails-at-3.dead-letter", 1);
        kafka.produce("story.in", ids(0, 9));
        PlatformProfile profile = kafka.profile().toBuilder().set("poison-policy", "dead-letter")
                .set("retry.initial-backoff", "200ms").set("retry.max-backoff", "400ms").build();

        try (LogCapture log = new LogCapture();
             RunningApp app = FerryEngine.start(AppDescriptor.of(FailsAtThree.class), profile)) {
            List<AppStatus> seen;
            try (StatusRecorder recorder = new StatusRecorder(app, FailureStoryTest::story)) {
                await().atMost(WAIT).until(() -> app.status().consumed() == 9 && app.status().deadLettered() == 1);
                seen = recorder.transitions();
            }

            List<State> states = new ArrayList<>();
            for (AppStatus s : seen) {
                if (s.state() != State.STARTING && (states.isEmpty() || states.get(states.size() - 1) != s.state())) {
                    states.add(s.state());
                }
            }
            assertThat(states).as("the states a watcher saw, in order: %s", seen)
                    .containsExactly(State.RUNNING, State.FAILING, State.RUNNING);
            List<AppStatus> failing = seen.stream().filter(s -> s.state() == State.FAILING).toList();
            assertThat(failing).extracting(s -> s.failure().orElseThrow().position().offset()).containsOnly(3L);
            assertThat(failing.stream().map(s -> s.failure().orElseThrow().attempts()).distinct())
                    .containsExactly(1, 2);
            assertThat(failing.get(0).deadLettered()).as("failing before it is dead-lettered").isZero();
            AppStatus again = seen.get(seen.indexOf(failing.get(failing.size() - 1)) + 1);
            assertThat(again.state()).isEqualTo(State.RUNNING);
            assertThat(again.deadLettered()).as("running again only once the event is dead-lettered").isEqualTo(1);
            assertThat(again.failure()).isEmpty();

            await().atMost(WAIT).until(() -> !log.linesWith("running again").isEmpty());
            List<String> story = log.linesWith("app 'fails-at-3'").stream()
                    .filter(l -> l.contains("offset 3") || l.contains("running again")).toList();
            assertThat(story).as("the engine's log of the failing event, in order").hasSize(4);
            assertThat(story.get(0)).startsWith("WARN app 'fails-at-3': event at topic 'story.in' partition 0 offset 3 "
                    + "failed (attempt 1), retrying in 200ms: ").contains("three is not allowed");
            assertThat(story.get(1)).startsWith("WARN app 'fails-at-3': event at topic 'story.in' partition 0 offset 3 "
                    + "failed (attempt 2), retrying in 400ms: ");
            assertThat(story.get(2)).startsWith("WARN app 'fails-at-3': event at topic 'story.in' partition 0 offset 3 "
                    + "sent to dead-letter topic 'fails-at-3.dead-letter' after 3 attempt(s): ");
            assertThat(story.get(3)).isEqualTo("INFO app 'fails-at-3' is running again: the event at topic 'story.in' "
                    + "partition 0 offset 3 was sent to the dead-letter topic after 3 attempt(s)");
        }

        assertThat(kafka.readAllValues("story.out", Duration.ofSeconds(10))).containsExactlyElementsOf(
                IntStream.range(0, 9).filter(i -> i != 3).mapToObj(i -> compactIds(i, i + 1).get(0)).toList());
    }
}
