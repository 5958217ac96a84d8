package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.it.plugins.UpperCaseRuntime;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A function runtime that a platform team puts on the classpath ({@link UpperCaseRuntime}, listed in
 * {@code META-INF/services/dev.ferry.engine.spi.FunctionRuntime}) runs apps that have no Java method at
 * all, described in YAML with {@code function: {runtime: upper-case}}, synchronously or not; a
 * runtime that is not there is named at start.
 */
class SeamsRuntimeTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static PlatformProfile profile(TestKafka kafka) {
        return kafka.profile().toBuilder().set("plugins.upper-case.suffix", "!").build();
    }

    private static List<Map.Entry<String, String>> keyedWords(int count) {
        return IntStream.range(0, count).mapToObj(i -> Map.entry("k" + i, "word" + i)).toList();
    }

    @Test
    void a_function_runtime_on_the_classpath_runs_an_app_that_has_no_java_method() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("upper.in", 1);
        kafka.createTopic("upper.out", 1);
        kafka.produceKeyed("upper.in", keyedWords(12));
        AppDescriptor descriptor = Descriptors.load("upper.yaml");
        assertThat(descriptor.function().runtime()).isEqualTo(UpperCaseRuntime.NAME);

        try (RunningApp app = FerryEngine.start(descriptor, profile(kafka))) {
            assertThat(UpperCaseRuntime.openFunctions("upper")).as("one function per consumer").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("upper.out") == 12);
        }

        List<ConsumerRecord<String, String>> out = kafka.read("upper.out", 13, Duration.ofSeconds(2));
        assertThat(out).extracting(ConsumerRecord::value).as("upper-cased, with plugins.upper-case.suffix")
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "{\"text\":\"WORD" + i + "!\"}").toList());
        assertThat(out).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "k" + i).toList());
        assertThat(UpperCaseRuntime.openFunctions("upper")).as("the engine closed the function on stop").isZero();
    }

    @Test
    void an_async_function_runtime_completes_its_batches_later_on_its_own_thread() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("upper-async.in", 1);
        kafka.createTopic("upper-async.out", 1);
        kafka.produceKeyed("upper-async.in", keyedWords(23));

        try (RunningApp app = FerryEngine.start(Descriptors.load("upper-async.yaml"), profile(kafka))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.endOffsetTotal("upper-async.out") == 23);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }

        List<ConsumerRecord<String, String>> out = kafka.read("upper-async.out", 24, Duration.ofSeconds(2));
        assertThat(out).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 23).mapToObj(i -> "{\"text\":\"WORD" + i + "!\"}").toList());
        assertThat(out).extracting(r -> header(r, UpperCaseRuntime.COMPLETED_ON))
                .as("every batch completed on the runtime's thread, not the engine's worker")
                .allSatisfy(thread -> assertThat(thread).startsWith(UpperCaseRuntime.ASYNC_THREAD_PREFIX));
    }

    @Test
    void a_failed_stage_of_an_async_runtime_halts_at_the_event_that_fails_it() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("upper-failing.in", 1);
        kafka.createTopic("upper-failing.out", 1);
        List<String> words = IntStream.range(0, 12).mapToObj(i -> i == 7 ? "poison" : "word" + i).toList();
        kafka.produce("upper-failing.in", words);

        try (RunningApp app = FerryEngine.start(Descriptors.load("upper-async-failing.yaml"), profile(kafka))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition("upper-failing.in", 0, 7));
            assertThat(failure.message()).contains("upper-case refuses 'poison' at topic 'upper-failing.in' partition 0 offset 7");
        }

        assertThat(kafka.readValues("upper-failing.out", 8, Duration.ofSeconds(2))).as("everything before it, once")
                .containsExactlyElementsOf(IntStream.range(0, 7).mapToObj(i -> "{\"text\":\"WORD" + i + "!\"}").toList());
    }

    @Test
    void a_runtime_whose_call_throws_an_unchecked_exception_halts_at_the_event_that_causes_it() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("upper-throwing.in", 1);
        kafka.createTopic("upper-throwing.out", 1);
        kafka.produce("upper-throwing.in", IntStream.range(0, 12).mapToObj(i -> i == 7 ? "poison" : "word" + i).toList());

        try (RunningApp app = FerryEngine.start(Descriptors.load("upper-throwing.yaml"), profile(kafka))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position()).isEqualTo(new EventPosition("upper-throwing.in", 0, 7));
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.message()).contains("upper-case cannot handle 'poison'");
        }
        assertThat(kafka.readValues("upper-throwing.out", 8, Duration.ofSeconds(2)))
                .containsExactlyElementsOf(IntStream.range(0, 7).mapToObj(i -> "{\"text\":\"WORD" + i + "!\"}").toList());
    }

    @Test
    void a_descriptor_naming_a_runtime_that_is_not_on_the_classpath_fails_at_start_naming_it_and_those_there_are() {
        Path file = Descriptors.path("cobol.yaml");
        AppDescriptor descriptor = AppDescriptor.load(file, SeamsRuntimeTest.class.getClassLoader());

        assertThatThrownBy(() -> FerryEngine.start(descriptor, profile(KAFKA.client())))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith("app descriptor " + file + ": function runtime: no function runtime named "
                        + "'cobol' on the classpath; there are java, materialize, python, upper-case.")
                .hasMessageContaining("META-INF/services/dev.ferry.engine.spi.FunctionRuntime");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
