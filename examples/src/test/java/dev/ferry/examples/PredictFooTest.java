package dev.ferry.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.EventFailedException;
import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestOutputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictFooTest {

    private final FerryTestKit kit = FerryTestKit.of(PredictFoo.class);

    @Test
    void emits_one_enveloped_prediction_per_client() {
        TestOutputs out = kit.run(
                "{\"client\": 7, \"email\": \"a@example.com\", \"signed_up_at\": \"2026-11-25T10:00:00Z\"}",
                "{\"client\": 8, \"plan\": \"extra fields are ignored\"}");

        List<Map<String, Object>> events = out.maps("predict.topic");
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> (Object) ((Map<?, ?>) e.get("payload")).get("client")).containsExactly(7, 8);
        assertThat(events.get(0)).containsOnlyKeys("metadata", "payload");
        assertThat(((Map<?, ?>) events.get(0).get("metadata")).keySet().stream().map(Object::toString).toList())
                .containsExactlyInAnyOrder("timestamp", "id", "version");
    }

    @Test
    void the_readme_unit_test_runs_two_sign_ups_through_the_pipeline() {
        // tag::readme-unit-test[]
        TestOutputs out = FerryTestKit.of(PredictFoo.class).run("{\"client\": 7}", "{\"client\": 8}");
        assertThat(out.maps("predict.topic")).hasSize(2);
        // end::readme-unit-test[]
        assertThat(out.calls()).isEqualTo(1);
    }

    @Test
    void the_prediction_is_deterministic_per_client() {
        PredictFoo.Prediction p = PredictFoo.createPrediction(new PredictFoo.SignedUp(42, null, null));
        assertThat(p.client()).isEqualTo(42);
        assertThat(p.some_prediction_value()).isBetween(0f, 1f)
                .isEqualTo(PredictFoo.createPrediction(new PredictFoo.SignedUp(42, "x", "y")).some_prediction_value());
    }

    @Test
    void an_event_without_a_client_id_fails_naming_the_event() {
        assertThatThrownBy(() -> kit.run("{\"client\": 1}", "{\"email\": \"no-client@example.com\"}"))
                .isInstanceOf(EventFailedException.class)
                .hasMessageContaining("app 'predict-foo'")
                .hasMessageContaining("topic 'client.signed_up' partition 0 offset 1")
                .hasMessageContaining("$.client");
    }

    @Test
    void splits_input_into_batches_of_the_declared_size() {
        List<String> events = java.util.stream.IntStream.range(0, 250)
                .mapToObj(i -> "{\"client\": " + i + "}").toList();

        TestOutputs out = kit.run(events);

        assertThat(out.batches()).isEqualTo(3);
        assertThat(out.events("predict.topic")).hasSize(250);
    }
}
