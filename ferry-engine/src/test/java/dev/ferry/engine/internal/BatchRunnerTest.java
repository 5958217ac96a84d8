package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.NotOwnerException;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The at-least-once contract of one batch, run through the real decoder, Java runtime, validator
 * and encoder with an in-memory sink, written and waited for: completed work is always a prefix of the batch in poll order, a
 * failing event is narrowed down and retried alone, and nothing after it is completed or written.
 */
class BatchRunnerTest {

    private static final String TOPIC = "numbers";
    private static final long FIRST_OFFSET = 100;
    private static final int FOREVER = Integer.MAX_VALUE;
    private static final RetryPolicy THREE_TRIES = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(100), 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reading(int n) {
    }

    record Doubled(int n, int twice) {
    }

    /** Doubles each number; fails, or emits a broken event, on the numbers the test names. */
    static final class Doubler {
        /** Every call, as the numbers it was given. */
        static final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
        /** How many more calls that see a number fail because of it. */
        static final Map<Integer, Integer> failuresLeft = new ConcurrentHashMap<>();
        /** Numbers whose output breaks the schema ("n" is a string). */
        static final Set<Integer> brokenOutput = ConcurrentHashMap.newKeySet();

        static void reset() {
            calls.clear();
            failuresLeft.clear();
            brokenOutput.clear();
        }

        @Ferry(app = "doubler", topics = TOPIC, outputs = @Output(topic = "doubled", schema = Doubled.class))
        static List<Object> run(List<Reading> readings) {
            List<Integer> numbers = readings.stream().map(Reading::n).toList();
            calls.add(numbers);
            for (int n : numbers) {
                int left = failuresLeft.getOrDefault(n, 0);
                if (left > 0) {
                    failuresLeft.put(n, left == FOREVER ? FOREVER : left - 1);
                    throw new IllegalStateException("cannot double " + n);
                }
            }
            List<Object> out = new ArrayList<>();
            for (int n : numbers) {
                out.add(brokenOutput.contains(n) ? Map.of("n", "not a number", "twice", 2 * n) : new Doubled(n, 2 * n));
            }
            return out;
        }
    }

    /** Blocks inside the function until the test lets it go. */
    static final class Blocking {
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Ferry(app = "blocking", topics = TOPIC, outputs = @Output(topic = "doubled", schema = Doubled.class))
        static List<Doubled> run(List<Reading> readings) throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return readings.stream().map(r -> new Doubled(r.n(), 2 * r.n())).toList();
        }
    }

    /** Writes to memory; can be told to fail records, and logs what it did next to the listener. */
    static final class RecordingWriter implements Sink {
        final List<OutputRecord> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> log;
        volatile Predicate<OutputRecord> failing = r -> false;

        RecordingWriter(List<String> log) {
            this.log = log;
        }

        @Override
        public CompletionStage<Void> write(SinkBatch batch) {
            for (OutputRecord r : batch.outputs()) {
                if (failing.test(r)) {
                    return CompletableFuture.failedFuture(new ProcessingException(ProcessingException.Stage.WRITE,
                            "output topic '" + r.topic() + "' event " + r.index() + " could not be written: broker "
                                    + "said no", null));
                }
            }
            acknowledged.addAll(batch.outputs());
            log.add("write " + batch.outputs().size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    record Retry(EventPosition position, int attempt, Duration backoff, ProcessingException cause) {
    }

    record DeadLetter(EventPosition position, int attempts) {
    }

    static final class RecordingListener implements BatchRunner.Listener {
        final List<List<Event>> chunks = new CopyOnWriteArrayList<>();
        final List<Integer> emitted = new CopyOnWriteArrayList<>();
        final List<Retry> retries = new CopyOnWriteArrayList<>();
        final List<ProcessingException.Stage> failures = new CopyOnWriteArrayList<>();
        final List<String> outputTopics = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        final List<String> log;

        RecordingListener(List<String> log) {
            this.log = log;
        }

        @Override
        public void completed(List<Event> events, List<OutputRecord> outputs) {
            outputs.forEach(o -> outputTopics.add(o.topic()));
            chunks.add(List.copyOf(events));
            this.emitted.add(outputs.size());
            log.add("completed " + events.size());
        }

        @Override
        public void retrying(EventPosition position, int attempt, Duration backoff, ProcessingException cause) {
            retries.add(new Retry(position, attempt, backoff, cause));
        }

        @Override
        public void failed(ProcessingException failure) {
            failures.add(failure.stage());
        }

        @Override
        public void deadLettered(EventPosition position, int attempts, ProcessingException cause) {
            deadLetters.add(new DeadLetter(position, attempts));
        }

        List<Event> completed() {
            return chunks.stream().flatMap(List::stream).toList();
        }
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RecordingWriter writer = new RecordingWriter(log);
    private final RecordingListener listener = new RecordingListener(log);
    private ExecutorService worker;

    @BeforeEach
    void reset() {
        Doubler.reset();
        Blocking.entered = new CountDownLatch(1);
        Blocking.release = new CountDownLatch(1);
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            Blocking.release.countDown();
            worker.shutdownNow();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static BatchRunner runner(Class<?> app, Sink writer, RetryPolicy retry) {
        return new BatchRunner(dev.ferry.engine.AppDescriptor.of(app).name(), TestParts.processor(app),
                new SinkWriter(writer), retry, null);
    }

    private BatchRunner doubler(RetryPolicy retry) {
        return runner(Doubler.class, writer, retry);
    }

    private static Event event(int i, String json) {
        return new InRecord(TOPIC, 0, FIRST_OFFSET + i, 1_700_000_000_000L + i, null,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    /** Events {"n": 0} .. {"n": size-1} at offsets 100, 101, ... */
    private static List<Event> batch(int size) {
        return IntStream.range(0, size).mapToObj(i -> event(i, "{\"n\": " + i + "}")).toList();
    }

    private static EventPosition position(int i) {
        return new EventPosition(TOPIC, 0, FIRST_OFFSET + i);
    }

    private static List<Integer> upTo(int end) {
        return IntStream.range(0, end).boxed().toList();
    }

    /** The "n" of every acknowledged output, in write order. */
    private List<Integer> writtenNumbers() {
        return writer.acknowledged.stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("n").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static long callsWithOnly(int n) {
        return Doubler.calls.stream().filter(c -> c.equals(List.of(n))).count();
    }

    private EventFailedException runExpectingFailure(BatchRunner runner, List<Event> batch) {
        EventFailedException e = catchThrowableOfType(EventFailedException.class,
                () -> runner.run(batch, new Cancellation(), listener));
        assertThat(e).as("the run should halt on an event").isNotNull();
        return e;
    }

    // --- success -----------------------------------------------------------------------------------

    @Test
    void writes_every_output_of_a_successful_batch_then_reports_it_completed_once() throws Exception {
        List<Event> batch = batch(5);

        doubler(THREE_TRIES).run(batch, new Cancellation(), listener);

        assertThat(Doubler.calls).containsExactly(upTo(5));
        assertThat(log).containsExactly("write 5", "completed 5");
        assertThat(listener.chunks).containsExactly(batch);
        assertThat(listener.emitted).containsExactly(5);
        assertThat(writtenNumbers()).containsExactly(0, 1, 2, 3, 4);
        assertThat(writer.acknowledged).extracting(OutputRecord::topic).containsOnly("doubled");
        assertThat(JSON.readTree(writer.acknowledged.get(3).value()).get("twice").asInt()).isEqualTo(6);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void reports_the_outputs_of_completed_events_for_the_per_topic_counts() throws Exception {
        doubler(THREE_TRIES).run(batch(3), new Cancellation(), listener);

        assertThat(listener.outputTopics).containsExactly("doubled", "doubled", "doubled");
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void reports_every_failed_attempt_with_its_stage_including_those_that_narrow_the_batch() {
        Doubler.failuresLeft.put(2, FOREVER);

        runExpectingFailure(doubler(THREE_TRIES), batch(4));

        // [0..3] fails, [0, 1] succeeds, [2, 3] fails, [2] fails, then its two retries.
        assertThat(listener.failures).containsOnly(ProcessingException.Stage.FUNCTION).hasSize(5);
        assertThat(listener.retries).hasSize(2);
    }

    @Test
    void reports_an_undecodable_event_failed_once_since_the_decoder_pins_it_and_it_is_not_retried() {
        List<Event> batch = new java.util.ArrayList<>(batch(4));
        batch.set(2, event(2, "{not json"));

        runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(listener.failures).containsExactly(ProcessingException.Stage.DECODE);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void reports_function_failures_at_the_function_stage() {
        Doubler.failuresLeft.put(0, FOREVER);

        runExpectingFailure(doubler(THREE_TRIES), batch(1));

        assertThat(listener.failures).containsOnly(ProcessingException.Stage.FUNCTION).hasSize(3);
    }

    // --- a function that keeps failing -------------------------------------------------------------

    @ParameterizedTest(name = "batch of {0}, failing at {1}")
    @CsvSource({"1, 0", "8, 0", "8, 1", "8, 5", "8, 7", "7, 3", "100, 63"})
    void completes_exactly_the_events_before_one_the_function_keeps_failing_on_and_halts_on_it(int size, int k) {
        List<Event> batch = batch(size);
        Doubler.failuresLeft.put(k, FOREVER);

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(e.position()).isEqualTo(position(k));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.app()).isEqualTo("doubler");
        assertThat(e.getMessage()).isEqualTo("app 'doubler': event at topic 'numbers' partition 0 offset " + (FIRST_OFFSET + k)
                + " failed after 3 attempts: the function threw java.lang.IllegalStateException: cannot double " + k);
        assertThat(e.getCause()).isInstanceOf(ProcessingException.class);
        assertThat(listener.completed()).as("completed events").containsExactlyElementsOf(batch.subList(0, k));
        assertThat(writtenNumbers()).as("written outputs").containsExactlyElementsOf(upTo(k));
        assertThat(listener.emitted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(k);
        assertThat(callsWithOnly(k)).as("tries of the failing event alone").isEqualTo(3);
        assertThat(listener.retries).extracting(Retry::attempt).containsExactly(1, 2);
        assertThat(listener.retries).extracting(Retry::backoff).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(listener.retries).extracting(Retry::position).containsOnly(position(k));
    }

    @Test
    void waits_a_growing_backoff_before_each_retry_of_the_failing_event() {
        Doubler.failuresLeft.put(2, FOREVER);
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(4), 5);

        long start = System.nanoTime();

        EventFailedException e = runExpectingFailure(doubler(retry), batch(4));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time spent waiting")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1 + 2 + 4 + 4));
        assertThat(e.attempts()).isEqualTo(5);
        assertThat(listener.retries).extracting(Retry::attempt).containsExactly(1, 2, 3, 4);
        assertThat(listener.retries).extracting(Retry::backoff).containsExactly(
                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4), Duration.ofMillis(4));
        assertThat(listener.retries).extracting(Retry::position).containsOnly(position(2));
        assertThat(listener.retries).allSatisfy(r ->
                assertThat(r.cause().getMessage()).contains("cannot double 2"));
        assertThat(callsWithOnly(2)).isEqualTo(5);
    }

    @Test
    void with_no_retries_halts_on_the_first_failure_of_the_event_alone() {
        Doubler.failuresLeft.put(1, FOREVER);

        EventFailedException e = runExpectingFailure(doubler(RetryPolicy.NONE), batch(3));

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).doesNotContain("attempts").contains("offset 101 failed: ");
        assertThat(listener.retries).isEmpty();
        assertThat(callsWithOnly(1)).isEqualTo(1);
        assertThat(writtenNumbers()).containsExactly(0);
    }

    // --- undecodable events ------------------------------------------------------------------------

    enum Broken {
        NOT_JSON("{\"n\": 1", "cannot be decoded as " + Reading.class.getName() + ": "),
        NOT_A_READING("{\"n\": \"one\"}", "cannot be decoded as " + Reading.class.getName() + ": $.n: "),
        TOMBSTONE(null, "has a null value (a tombstone); Ferry functions take events with a value");

        final String value;
        final String reason;

        Broken(String value, String reason) {
            this.value = value;
            this.reason = reason;
        }
    }

    @ParameterizedTest(name = "{0} at {1} of 6")
    @CsvSource({"NOT_JSON, 0", "NOT_JSON, 3", "NOT_JSON, 5", "NOT_A_READING, 2", "TOMBSTONE, 0", "TOMBSTONE, 4"})
    void completes_exactly_the_events_before_an_undecodable_one_and_halts_on_it_without_retrying(Broken broken, int k) {
        List<Event> batch = new ArrayList<>(batch(6));
        batch.set(k, event(k, broken.value));

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(e.position()).isEqualTo(position(k));
        assertThat(e.attempts()).as("an event that cannot be decoded fails the same way every time").isEqualTo(1);
        String at = "event at topic 'numbers' partition 0 offset " + (FIRST_OFFSET + k);
        assertThat(e.getMessage()).startsWith("app 'doubler': " + at + " failed: " + at + " ")
                .contains(broken.reason);
        assertThat(listener.completed()).containsExactlyElementsOf(batch.subList(0, k));
        assertThat(writtenNumbers()).containsExactlyElementsOf(upTo(k));
        assertThat(Doubler.calls).as("the decoder pins the event, so the function sees only what precedes it once")
                .isEqualTo(k == 0 ? List.of() : List.of(upTo(k)));
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void dead_letters_an_undecodable_event_after_one_attempt_and_goes_on_with_the_rest() throws Exception {
        List<Event> batch = new ArrayList<>(batch(5));
        batch.set(2, event(2, "{not json"));
        BatchRunner deadLettering = new BatchRunner("doubler", TestParts.processor(Doubler.class),
                new SinkWriter(writer), THREE_TRIES, new DeadLetters("doubler", "doubler.dead-letter"));

        deadLettering.run(batch, new Cancellation(), listener);

        assertThat(listener.completed()).containsExactlyElementsOf(batch);
        assertThat(listener.deadLetters).containsExactly(new DeadLetter(position(2), 1));
        assertThat(listener.retries).isEmpty();
        List<OutputRecord> dead = writer.acknowledged.stream().filter(r -> r.topic().equals("doubler.dead-letter"))
                .toList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers()).containsEntry("ferry.attempts", "1").containsEntry("ferry.error.stage",
                "decode").containsEntry("ferry.original.offset", Long.toString(FIRST_OFFSET + 2));
        assertThat(writer.acknowledged.stream().filter(r -> r.topic().equals("doubled")).count()).isEqualTo(4);
    }

    // --- transient failures ------------------------------------------------------------------------

    @ParameterizedTest(name = "failing twice at {0} of 8")
    @ValueSource(ints = {0, 3, 7})
    void completes_the_whole_batch_when_an_event_fails_only_twice(int k) throws Exception {
        List<Event> batch = batch(8);
        Doubler.failuresLeft.put(k, 2);

        doubler(THREE_TRIES).run(batch, new Cancellation(), listener);

        assertThat(listener.completed()).containsExactlyElementsOf(batch);
        assertThat(writtenNumbers()).as("every output once, in order").containsExactlyElementsOf(upTo(8));
        assertThat(Doubler.failuresLeft).containsEntry(k, 0);
    }

    @Test
    void succeeds_on_the_last_allowed_try_of_a_single_event() throws Exception {
        List<Event> batch = batch(1);
        Doubler.failuresLeft.put(0, 2);

        doubler(THREE_TRIES).run(batch, new Cancellation(), listener);

        assertThat(listener.chunks).containsExactly(batch);
        assertThat(writtenNumbers()).containsExactly(0);
        assertThat(listener.retries).extracting(Retry::attempt).containsExactly(1, 2);
        assertThat(callsWithOnly(0)).isEqualTo(3);
    }

    // --- failures after the function ---------------------------------------------------------------

    @Test
    void narrows_a_write_failure_to_its_event_like_any_other_failure() {
        List<Event> batch = batch(8);
        writer.failing = r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("\"n\":5,");

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(e.position()).isEqualTo(position(5));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.getMessage()).endsWith("output topic 'doubled' event 0 could not be written: broker said no");
        assertThat(listener.completed()).containsExactlyElementsOf(batch.subList(0, 5));
        assertThat(writtenNumbers()).containsExactlyElementsOf(upTo(5));
        assertThat(callsWithOnly(5)).isEqualTo(3);
    }

    @Test
    void recovers_from_a_write_that_fails_once() throws Exception {
        List<Event> batch = batch(4);
        AtomicBoolean failedOnce = new AtomicBoolean();
        writer.failing = r -> failedOnce.compareAndSet(false, true);

        doubler(THREE_TRIES).run(batch, new Cancellation(), listener);

        assertThat(listener.completed()).containsExactlyElementsOf(batch);
        assertThat(writtenNumbers()).containsExactlyElementsOf(upTo(4));
    }

    @Test
    void halts_on_an_event_whose_output_breaks_the_schema_naming_topic_event_and_field() {
        List<Event> batch = batch(6);
        Doubler.brokenOutput.add(4);

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(e.position()).isEqualTo(position(4));
        assertThat(e.getMessage()).endsWith("offset 104 failed: app 'doubler': output topic 'doubled' event 0: "
                + "$.n: string found, integer expected");
        assertThat(((ProcessingException) e.getCause()).stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
        assertThat(listener.completed()).containsExactlyElementsOf(batch.subList(0, 4));
        assertThat(writtenNumbers()).as("nothing of a batch is written unless all of it is valid")
                .containsExactlyElementsOf(upTo(4));
    }

    @ParameterizedTest(name = "batch of {0}, broken output at {1}")
    @CsvSource({"1, 0", "8, 0", "8, 5", "8, 7", "7, 3", "100, 63"})
    void narrows_a_schema_violation_down_to_its_event_and_halts_on_it_without_retrying(int size, int k) {
        List<Event> batch = batch(size);
        Doubler.brokenOutput.add(k);

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch);

        assertThat(e.position()).isEqualTo(position(k));
        assertThat(e.attempts()).as("the same input gives the same invalid output").isEqualTo(1);
        assertThat(listener.completed()).containsExactlyElementsOf(batch.subList(0, k));
        assertThat(writtenNumbers()).containsExactlyElementsOf(upTo(k));
        assertThat(callsWithOnly(k)).as("tries of the failing event alone").isEqualTo(1);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void stops_retrying_when_a_retry_fails_at_a_stage_that_is_not_retried() {
        Doubler.failuresLeft.put(2, 3); // the batch, its half [2, 3], then 2 alone fail in the function
        Doubler.brokenOutput.add(2);

        EventFailedException e = runExpectingFailure(doubler(THREE_TRIES), batch(4));

        assertThat(e.position()).isEqualTo(position(2));
        assertThat(e.attempts()).as("the function's failure was retried once; the invalid output it then made was not")
                .isEqualTo(2);
        assertThat(((ProcessingException) e.getCause()).stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
        assertThat(listener.retries).extracting(Retry::attempt).containsExactly(1);
        assertThat(callsWithOnly(2)).isEqualTo(2);
    }

    // --- cancellation ------------------------------------------------------------------------------

    private Future<Void> runInBackground(BatchRunner runner, List<Event> batch, Cancellation cancellation) {
        worker = Executors.newSingleThreadExecutor();
        return worker.submit(() -> {
            runner.run(batch, cancellation, listener);
            return null;
        });
    }

    private static Throwable failureOf(Future<Void> run) {
        Throwable thrown = catchThrowable(run::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    @Test
    void abandons_the_batch_promptly_when_cancelled_during_a_backoff() {
        List<Event> batch = batch(6);
        Doubler.failuresLeft.put(3, FOREVER);
        Cancellation cancellation = new Cancellation();
        Duration longBackoff = Duration.ofSeconds(30);
        Future<Void> run = runInBackground(
                doubler(new RetryPolicy(longBackoff, longBackoff, 10)), batch, cancellation);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.retries.size() == 1);
        List<Event> completedBeforeCancel = listener.completed();
        int callsBeforeCancel = Doubler.calls.size();

        cancellation.cancel();

        await().atMost(Duration.ofSeconds(2)).until(run::isDone);
        assertThat(failureOf(run)).isInstanceOf(Cancellation.AbandonedException.class);
        assertThat(completedBeforeCancel).containsExactlyElementsOf(batch.subList(0, 3));
        assertThat(listener.completed()).isEqualTo(completedBeforeCancel);
        assertThat(writtenNumbers()).containsExactlyElementsOf(upTo(3));
        assertThat(Doubler.calls).hasSize(callsBeforeCancel);
        assertThat(listener.retries).hasSize(1);
    }

    @Test
    void writes_nothing_of_a_batch_cancelled_while_the_function_runs() throws Exception {
        Cancellation cancellation = new Cancellation();
        Future<Void> run = runInBackground(runner(Blocking.class, writer, THREE_TRIES), batch(3), cancellation);
        assertThat(Blocking.entered.await(5, TimeUnit.SECONDS)).as("the function started").isTrue();

        cancellation.cancel();
        Blocking.release.countDown();

        await().atMost(Duration.ofSeconds(2)).until(run::isDone);
        assertThat(failureOf(run)).isInstanceOf(Cancellation.AbandonedException.class);
        assertThat(writer.acknowledged).isEmpty();
        assertThat(listener.chunks).isEmpty();
    }

    @Test
    void does_nothing_with_a_batch_cancelled_before_it_starts() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        Throwable thrown = catchThrowable(() -> doubler(THREE_TRIES).run(batch(3), cancellation, listener));

        assertThat(thrown).isInstanceOf(Cancellation.AbandonedException.class);
        assertThat(Doubler.calls).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void gives_a_batch_up_without_retrying_or_halting_when_the_writer_says_ownership_was_lost() {
        Sink fenced = new Sink() {
            int writes;

            @Override
            public CompletionStage<Void> write(SinkBatch batch) {
                writes++;
                return CompletableFuture.failedFuture(new NotOwnerException("the group rebalanced (write " + writes
                        + ")", null));
            }

            @Override
            public void close() {
            }
        };
        RetryPolicy oneTry = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1);
        BatchRunner deadLettering = new BatchRunner("doubler", TestParts.processor(Doubler.class),
                new SinkWriter(fenced), oneTry, new DeadLetters("doubler", "doubler.dead-letter"));

        Throwable thrown = catchThrowable(() -> deadLettering.run(batch(4), new Cancellation(), listener));

        assertThat(thrown).isInstanceOf(Cancellation.AbandonedException.class)
                .hasMessage("the group rebalanced (write 1)");
        assertThat(Doubler.calls).as("no narrowing, no retry").containsExactly(upTo(4));
        assertThat(listener.retries).isEmpty();
        assertThat(listener.failures).isEmpty();
        assertThat(listener.chunks).isEmpty();
    }
}
