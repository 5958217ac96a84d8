package dev.ferry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestOutputs;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloWorldTest {

    @Test
    void consumes_raw_json_and_emits_nothing() {
        FerryTestKit kit = FerryTestKit.of(HelloWorld.class);

        TestOutputs out = kit.run("{\"hello\": \"world\"}", "{\"n\": 2}");

        assertThat(out.size()).isZero();
        assertThat(out.batches()).isEqualTo(1);
        assertThat(kit.descriptor().name()).isEqualTo("hello-world");
        assertThat(kit.descriptor().topics()).containsExactly("some.topic");
    }

    @Test
    void the_function_is_a_plain_method() {
        HelloWorld.helloWorld(List.of("{}"));
    }
}
