package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Output;
import dev.ferry.api.OutputEvent;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.PlatformProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The test kit runs what production runs: key-ordered sub-batches with the app's concurrency,
 * functions that return futures, and a failing batch narrowed down to its event; not a simplified
 * loop of its own.
 */
class FerryTestKitTest {

    record Click(String user, int seq) {
    }

    /** Records which thread saw which user's events, and how many calls ran at once. */
    static final class Clicks {
        static final Map<String, List<Integer>> seenByUser = new ConcurrentHashMap<>();
        static final Set<String> threads = ConcurrentHashMap.newKeySet();
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();
        static volatile CountDownLatch together = new CountDownLatch(0);

        @Ferry(app = "clicks", topics = "clicks", batchSize = 50, concurrency = 4,
                outputs = @Output(topic = "clicks.seen", schema = Click.class))
        static List<OutputEvent<Click>> run(List<InputEvent<Click>> clicks) throws InterruptedException {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            together.countDown();
            together.await(5, TimeUnit.SECONDS); // lets the calls of a poll overlap, if they can
            try {
                List<OutputEvent<Click>> out = new ArrayList<>();
                for (InputEvent<Click> c : clicks) {
                    seenByUser.computeIfAbsent(c.key(), k -> new CopyOnWriteArrayList<>()).add(c.value().seq());
                    out.add(OutputEvent.of(c.value()).withKey(c.key()));
                }
                return out;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void runs_sub_batches_of_different_keys_at_once_keeping_each_keys_order() {
        Clicks.seenByUser.clear();
        Clicks.threads.clear();
        Clicks.mostAtOnce.set(0);
        Clicks.together = new CountDownLatch(2);
        List<TestEvent> events = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++) {
            String user = "user-" + (seq % 8);
            events.add(TestEvent.of(Map.of("user", user, "seq", seq)).withKey(user));
        }

        TestOutputs out = FerryTestKit.of(Clicks.class).run(events.toArray(TestEvent[]::new));

        assertThat(out.events("clicks.seen", Click.class)).hasSize(100);
        assertThat(Clicks.mostAtOnce.get()).as("calls at once").isGreaterThan(1).isLessThanOrEqualTo(4);
        assertThat(out.calls()).as("one call per lane with events, per poll").isGreaterThan(out.batches());
        assertThat(out.batches()).isEqualTo(2);
        Clicks.seenByUser.forEach((user, seqs) ->
                assertThat(seqs).as("the order of %s's events", user).isSorted().hasSize(100 / 8 + (user.compareTo("user-4") < 0 ? 1 : 0)));
        assertThat(out.keys("clicks.seen")).doesNotContainNull();
        List<Click> written = out.events("clicks.seen", Click.class);
        for (int u = 0; u < 8; u++) {
            String user = "user-" + u;
            assertThat(written.stream().filter(c -> c.user().equals(user)).map(Click::seq).toList())
                    .as("outputs of %s in input order", user).isSorted();
        }
    }

    /** Completes each batch later, from another thread, as a call to a service would. */
    static final class Later {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "later");
            t.setDaemon(true);
            return t;
        });

        @Ferry(app = "later", topics = "in", batchSize = 3,
                outputs = @Output(topic = "out", schema = Click.class))
        static CompletableFuture<List<Click>> run(List<Click> clicks) {
            CompletableFuture<List<Click>> f = new CompletableFuture<>();
            TIMER.schedule(() -> {
                if (clicks.stream().anyMatch(c -> c.seq() < 0)) {
                    f.completeExceptionally(new IllegalArgumentException("negative seq"));
                } else {
                    f.complete(clicks);
                }
            }, 5, TimeUnit.MILLISECONDS);
            return f;
        }
    }

    @Test
    void waits_for_a_function_that_returns_a_future_and_fails_on_the_event_whose_future_fails() {
        FerryTestKit kit = FerryTestKit.of(Later.class);

        TestOutputs out = kit.runEvents(List.of(new Click("a", 1), new Click("b", 2), new Click("c", 3),
                new Click("d", 4)));

        assertThat(out.events("out", Click.class)).extracting(Click::seq).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> kit.runEvents(List.of(new Click("a", 5), new Click("b", -1), new Click("c", 6))))
                .isInstanceOf(EventFailedException.class)
                .hasMessageContaining("offset 5")
                .hasMessageContaining("the function's future failed with java.lang.IllegalArgumentException: negative seq");
    }

    /** Fails on one event; every call is recorded. */
    static final class Picky {
        static final List<List<Integer>> calls = new CopyOnWriteArrayList<>();

        @Ferry(app = "picky", topics = "in", batchSize = 8, outputs = @Output(topic = "out", schema = Click.class))
        static List<Click> run(List<Click> clicks) {
            calls.add(clicks.stream().map(Click::seq).toList());
            if (clicks.stream().anyMatch(c -> c.seq() == 5)) {
                throw new IllegalStateException("not 5");
            }
            return clicks;
        }
    }

    @Test
    void narrows_a_failing_batch_down_to_its_event_as_the_engine_does() {
        Picky.calls.clear();
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clicks.add(new Click("u", i));
        }

        assertThatThrownBy(() -> FerryTestKit.of(Picky.class).runEvents(clicks))
                .isInstanceOf(EventFailedException.class)
                .hasMessageContaining("partition 0 offset 5")
                .hasMessageContaining("not 5");
        assertThat(Picky.calls).as("halves, then the failing event alone").startsWith(List.of(0, 1, 2, 3, 4, 5, 6, 7))
                .contains(List.of(0, 1, 2, 3), List.of(4, 5), List.of(5)).doesNotContain(List.of(6, 7));
    }

    @Test
    void runs_as_a_profile_says_with_retries_and_dead_letters() {
        Picky.calls.clear();
        PlatformProfile profile = PlatformProfile.builder().set("poison-policy", "dead-letter")
                .set("retry.max-attempts", "2").set("retry.initial-backoff", "1ms").build();
        List<Click> clicks = List.of(new Click("u", 4), new Click("u", 5), new Click("u", 6));

        TestOutputs out = FerryTestKit.of(AppDescriptor.of(Picky.class), profile).runEvents(clicks);

        assertThat(out.events("out", Click.class)).extracting(Click::seq).containsExactly(4, 6);
        assertThat(out.headers("picky.dead-letter")).singleElement()
                .satisfies(h -> assertThat(h).containsEntry("ferry.original.offset", "1").containsEntry("ferry.attempts", "2"));
        assertThat(Picky.calls.stream().filter(c -> c.equals(List.of(5))).count()).as("tries of 5 alone").isEqualTo(2);
    }

    @Test
    void says_which_schema_each_output_is_validated_against() {
        assertThat(FerryTestKit.of(Picky.class).outputSchemas().get("out").document()).contains("\"seq\"");
    }

    record Reading(int n) {
    }

    record Scored(int n, double score) {
    }

    static final class Scores {
        @Ferry(app = "scores", topics = "readings", outputs = @Output(topic = "scores", payload = Scored.class))
        static List<Envelope<Scored>> run(List<Reading> readings) {
            return readings.stream().map(r -> Envelope.of(new Scored(r.n(), r.n() / 10.0))).toList();
        }
    }

    static final class VersionedScores {
        @Ferry(app = "versioned-scores", topics = "readings",
                outputs = @Output(topic = "scores", payload = Scored.class, version = "model-3"))
        static List<Envelope<Scored>> run(List<Reading> readings) {
            return readings.stream().map(r -> Envelope.of(new Scored(r.n(), r.n() / 10.0))).toList();
        }
    }

    private static List<String> metadata(TestOutputs out, String field) {
        return out.maps("scores").stream().map(m -> String.valueOf(((Map<?, ?>) m.get("metadata")).get(field)))
                .toList();
    }

    private static List<String> ids(TestOutputs out) {
        return metadata(out, "id");
    }

    @Test
    void gives_an_input_events_envelope_the_same_id_on_every_run_however_the_events_are_batched() {
        List<String> readings = IntStream.range(0, 10).mapToObj(i -> "{\"n\": " + i + "}").toList();
        AppDescriptor inOnePoll = AppDescriptor.of(Scores.class);
        AppDescriptor inPairs = inOnePoll.toBuilder().batchSize(2).build();

        FerryTestKit kit = FerryTestKit.of(inOnePoll);
        TestOutputs first = kit.run(readings);
        TestOutputs replayed = FerryTestKit.of(inOnePoll).run(readings);
        TestOutputs pairs = FerryTestKit.of(inPairs).run(readings);
        TestOutputs next = kit.run(readings);

        assertThat(ids(first)).hasSize(10).doesNotHaveDuplicates().doesNotContain("");
        assertThat(ids(replayed)).as("the same events at the same offsets").isEqualTo(ids(first));
        assertThat(pairs.batches()).isEqualTo(5);
        assertThat(ids(pairs)).as("in polls of two").isEqualTo(ids(first));
        assertThat(ids(next)).as("a second run of one kit: new events at the next offsets")
                .doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    void writes_the_outputs_declared_version_into_envelopes_that_name_none() {
        TestOutputs out = FerryTestKit.of(VersionedScores.class).run("{\"n\": 1}", "{\"n\": 2}");

        assertThat(metadata(out, "version")).containsExactly("model-3", "model-3");
    }
}
