package dev.ferry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestOutputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HelloWorldTest {

    /** Runs {@code action} with {@code System.out} captured; returns what it printed, line by line. */
    private static List<String> printedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void prints_one_greeting_per_event_in_order_and_emits_nothing() {
        FerryTestKit kit = FerryTestKit.of(HelloWorld.class);
        AtomicReference<TestOutputs> out = new AtomicReference<>();

        List<String> printed = printedBy(() -> out.set(kit.run("{\"hello\": \"world\"}", "{\"n\": 2}", "[3]")));

        assertThat(printed).containsExactly(
                "Hello world, I have consumed {\"hello\": \"world\"}",
                "Hello world, I have consumed {\"n\": 2}",
                "Hello world, I have consumed [3]");
        assertThat(out.get().size()).isZero();
        assertThat(out.get().batches()).isEqualTo(1);
        assertThat(kit.descriptor().name()).isEqualTo("hello-world");
        assertThat(kit.descriptor().topics()).containsExactly("some.topic");
    }

    @Test
    void the_function_is_a_plain_method() {
        List<String> printed = printedBy(() -> HelloWorld.helloWorld(List.of("{}", "{\"a\": 1}")));

        assertThat(printed).containsExactly("Hello world, I have consumed {}", "Hello world, I have consumed {\"a\": 1}");
    }
}
