package dev.ferry.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python functions run through the engine's own pipeline (Ferry's test kit, no broker): the talk's
 * examples, outputs validated by the engine, and every way a worker can fail, each a failure of the
 * exact event with the Python traceback, after which the app goes on with a new worker.
 */
class PythonFunctionTest {

    static final Path EXAMPLES = Path.of("../examples/python");

    @TempDir
    Path dir;

    private Path file(String source) throws IOException {
        Path f = dir.resolve("consumer.py");
        Files.writeString(f, source);
        return f;
    }

    private static FerryTestKit kit(AppDescriptor app) {
        return FerryTestKit.of(app, PlatformProfile.builder().set("retry.max-attempts", "1")
                .set("plugins.python.timeout", "3s").build());
    }

    @Test
    void the_talks_prediction_runs_unchanged_and_its_envelopes_are_filled_by_the_engine() {
        AppDescriptor app = PythonApps.load(EXAMPLES.resolve("my_prediction.py"), null, Map.of());
        assertThat(app.name()).isEqualTo("predict-foo");
        assertThat(app.topics()).containsExactly("client.signed_up");
        try (FerryTestKit kit = kit(app)) {
            TestOutputs out = kit.run("{\"client\": 7}", "{\"client\": 8}", "{\"client\": 9}");
            List<Map<String, Object>> events = out.maps("predict.topic");
            assertThat(events).hasSize(3);
            assertThat(events).extracting(e -> e.get("payload")).containsExactly(
                    Map.of("client", 7, "some_prediction_value", 0.5),
                    Map.of("client", 8, "some_prediction_value", 0.5 + 1.0 / 14),
                    Map.of("client", 9, "some_prediction_value", 0.5 + 2.0 / 14));
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) events.get(0).get("metadata");
            assertThat(metadata.get("version")).isEqualTo("1");
            assertThat((String) metadata.get("id")).isNotEmpty();
            assertThat(events.stream().map(e -> ((Map<?, ?>) e.get("metadata")).get("id")).distinct()).hasSize(3);
        }
    }

    @Test
    void hello_world_consumes_and_emits_nothing() {
        AppDescriptor app = PythonApps.load(EXAMPLES.resolve("hello_world_consumer.py"), null, Map.of());
        assertThat(app.outputs()).isEmpty();
        try (FerryTestKit kit = kit(app)) {
            assertThat(kit.run("{\"a\": 1}", "{\"a\": 2}").size()).isZero();
        }
    }

    @Test
    void an_output_against_its_schema_fails_at_its_event_with_the_engines_message() throws IOException {
        Path f = file("""
                import json, ferry
                @ferry.register(app='scores', topics='in', output_schema={'out': {'value': int}})
                def scores(messages):
                    return {'out': [{'value': json.loads(m)['v']} for m in messages]}
                """);
        try (FerryTestKit kit = kit(PythonApps.load(f, null, Map.of()))) {
            assertThatThrownBy(() -> kit.run("{\"v\": 1}", "{\"v\": 2}", "{\"v\": \"three\"}", "{\"v\": 4}"))
                    .isInstanceOf(EventFailedException.class)
                    .satisfies(e -> assertThat(((EventFailedException) e).position().offset()).isEqualTo(2))
                    .hasMessageContaining("output topic 'out' event 0: $.value: string found, integer expected");
        }
    }

    @Test
    void a_python_exception_fails_the_exact_event_with_its_traceback() throws IOException {
        Path f = file("""
                import json, ferry
                @ferry.register(app='picky', topics='in', output_schema={'out': {'n': int}})
                def picky(messages):
                    out = []
                    for m in messages:
                        n = json.loads(m)['n']
                        if n == 13:
                            raise ValueError('unlucky %d' % n)
                        out.append({'n': n})
                    return {'out': out}
                """);
        try (FerryTestKit kit = kit(PythonApps.load(f, null, Map.of()))) {
            assertThatThrownBy(() -> kit.run(IntStream.range(10, 16).mapToObj(i -> "{\"n\": " + i + "}").toList()))
                    .isInstanceOf(EventFailedException.class)
                    .satisfies(e -> assertThat(((EventFailedException) e).position().offset()).isEqualTo(3))
                    .hasMessageContaining("the Python function raised ValueError: unlucky 13")
                    .hasMessageContaining("Traceback (most recent call last):")
                    .hasMessageContaining("raise ValueError('unlucky %d' % n)");
        }
    }

    @Test
    void a_worker_that_dies_fails_its_event_and_the_next_batch_gets_a_new_worker() throws IOException {
        Path f = file("""
                import json, os, sys, ferry
                @ferry.register(app='fragile', topics='in', output_schema={'out': {'n': int}, 'pid': {'pid': int}})
                def fragile(messages):
                    ns = [json.loads(m)['n'] for m in messages]
                    if 5 in ns:
                        print('about to die', file=sys.stderr)
                        os._exit(3)
                    return {'out': [{'n': n} for n in ns], 'pid': [{'pid': os.getpid()}]}
                """);
        try (FerryTestKit kit = kit(PythonApps.load(f, null, Map.of()))) {
            Object firstPid = kit.run("{\"n\": 1}").maps("pid").get(0).get("pid");
            assertThatThrownBy(() -> kit.run("{\"n\": 4}", "{\"n\": 5}"))
                    .isInstanceOf(EventFailedException.class)
                    .satisfies(e -> assertThat(((EventFailedException) e).position().offset()).isEqualTo(2))
                    .hasMessageContaining("the Python worker exited with code 3")
                    .hasMessageContaining("about to die");
            TestOutputs after = kit.run("{\"n\": 6}");
            assertThat(after.maps("out")).containsExactly(Map.of("n", 6));
            assertThat(after.maps("pid").get(0).get("pid")).as("a new worker").isNotEqualTo(firstPid);
        }
    }

    @Test
    void a_worker_that_hangs_is_killed_after_the_timeout_and_its_event_fails() throws IOException {
        Path f = file("""
                import json, time, ferry
                @ferry.register(app='stuck', topics='in', output_schema={'out': {'n': int}})
                def stuck(messages):
                    ns = [json.loads(m)['n'] for m in messages]
                    if 2 in ns:
                        time.sleep(600)
                    return {'out': [{'n': n} for n in ns]}
                """);
        try (FerryTestKit kit = kit(PythonApps.load(f, null, Map.of()))) {
            assertThatThrownBy(() -> kit.run("{\"n\": 2}"))
                    .isInstanceOf(EventFailedException.class)
                    .hasMessageContaining("did not answer a batch of 1 events within 3 s (plugins.python.timeout)");
            assertThat(kit.run("{\"n\": 3}").maps("out")).containsExactly(Map.of("n", 3));
        }
    }

    @Test
    void a_returned_value_of_the_wrong_shape_is_an_output_failure_naming_it() throws IOException {
        Path f = file("""
                import ferry
                @ferry.register(app='listy', topics='in', output_schema={'out': {'n': int}})
                def listy(messages):
                    return [{'n': 1}]
                """);
        try (FerryTestKit kit = kit(PythonApps.load(f, null, Map.of()))) {
            assertThatThrownBy(() -> kit.run("{}"))
                    .isInstanceOf(EventFailedException.class)
                    .hasMessageContaining("app 'listy': the function returned list; return a dict from output topic");
        }
    }

    @Test
    void an_async_function_runs_with_key_ordered_concurrency() throws IOException {
        Path f = file("""
                import asyncio, json, ferry
                @ferry.register(app='fetcher', topics='in', concurrency=4, output_schema={'out': {'n': int}})
                async def fetcher(messages):
                    await asyncio.sleep(0.01)
                    return {'out': [{'n': json.loads(m)['n']} for m in messages]}
                """);
        AppDescriptor app = PythonApps.load(f, null, Map.of());
        assertThat(app.concurrency()).isEqualTo(4);
        assertThat(app.function().setting("async")).isEqualTo("true");
        try (FerryTestKit kit = kit(app)) {
            List<String> in = IntStream.range(0, 40).mapToObj(i -> "{\"n\": " + i + "}").toList();
            assertThat(kit.run(in).maps("out")).extracting(m -> m.get("n"))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).boxed().toList());
        }
    }

    @Test
    void a_file_that_does_not_import_fails_with_its_traceback() throws IOException {
        Path f = file("import json\nraise RuntimeError('config missing')\n");
        assertThatThrownBy(() -> PythonApps.load(f, null, Map.of()))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageContaining("consumer.py cannot be imported: RuntimeError: config missing")
                .hasMessageContaining("Traceback");
    }

    @Test
    void a_file_with_several_apps_asks_for_one_and_names_them() throws IOException {
        Path f = file("""
                import ferry
                ferry.register(app='a', topics='t')(lambda m: {})
                ferry.register(app='b', topics='t')(lambda m: {})
                """);
        assertThatThrownBy(() -> PythonApps.load(f, null, Map.of()))
                .hasMessage("consumer.py registers 2 apps; choose one with --app: a, b");
        assertThat(PythonApps.load(f, "b", Map.of()).name()).isEqualTo("b");
        assertThatThrownBy(() -> PythonApps.load(f, "c", Map.of()))
                .hasMessage("consumer.py has no app named 'c'; it registers: a, b");
    }

    @Test
    void an_interpreter_that_is_not_there_is_named() throws IOException {
        Path f = file("import ferry\n");
        assertThatThrownBy(() -> PythonApps.load(f, null, Map.of("executable", "/no/such/python")))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageContaining("cannot start the Python interpreter '/no/such/python'")
                .hasMessageContaining("plugins.python.executable");
        assertThatThrownBy(() -> PythonApps.load(f, null, Map.of("interpreter", "python3")))
                .hasMessageContaining("plugins.python.interpreter is not a setting of the python runtime");
    }
}
