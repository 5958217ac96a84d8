package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestOutputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every contender must do the same work: these check the shared pipeline and Ferry's app on the benchmark's events. */
class PipelineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String event(long i) {
        return new String(Events.event(i, Events.EPOCH_MS + i).value(), StandardCharsets.UTF_8);
    }

    @Test
    void events_are_keyed_json_of_about_200_bytes() throws IOException {
        Events.Event e = Events.event(42, Events.EPOCH_MS);
        JsonNode json = MAPPER.readTree(e.value());

        assertThat(e.value().length).isBetween(190, 215);
        assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo(json.get("customer").asText());
        assertThat(Events.indexOf(json.get("id").asText())).isEqualTo(42);
        assertThat(Events.event(42, Events.EPOCH_MS).value()).isEqualTo(e.value());
    }

    @Test
    void the_hand_written_pipeline_adds_amount_cents_and_passes_the_schema() throws IOException {
        Enrichment enrichment = Enrichment.load();
        for (long i = 0; i < 1_000; i++) {
            JsonNode in = MAPPER.readTree(event(i));
            JsonNode out = MAPPER.readTree(enrichment.apply(event(i).getBytes(StandardCharsets.UTF_8)));

            assertThat(out.get("amount_cents").asLong()).isEqualTo(Math.round(in.get("amount").asDouble() * 100));
            assertThat(out.size()).isEqualTo(in.size() + 1);
        }
    }

    @Test
    void the_hand_written_pipeline_rejects_what_the_schema_rejects() {
        byte[] extra = event(1).replace("}", ",\"surprise\":true}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Enrichment.load().apply(extra))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surprise");
    }

    @Test
    void the_ferry_app_does_the_same_and_ferry_validates_it() {
        TestOutputs out = FerryTestKit.of(FerryBenchApp.class, FerryBenchApp.THROUGHPUT_OUTPUT).run(event(7), event(8));

        Map<String, Object> first = out.maps(FerryBenchApp.THROUGHPUT_OUTPUT).get(0);
        assertThat(first).containsKey("amount_cents").hasSize(11);
        assertThat(FerryTestKit.of(FerryBenchApp.class, FerryBenchApp.LATENCY_OUTPUT).descriptor().topics())
                .containsExactly(FerryBenchApp.LATENCY_INPUT);
    }

    @Test
    void the_slow_ferry_app_emits_each_event_unchanged_and_its_output_matches_the_declared_schema() {
        List<SlowEvent> in = List.of(new SlowEvent("k-0001", 0, 0), new SlowEvent("k-0002", 0, 1), new SlowEvent("k-0001", 1, 2));

        TestOutputs out = FerryTestKit.of(FerrySlowApp.class, FerrySlowApp.SEQUENTIAL_OUTPUT).runEvents(in);

        assertThat(out.events(FerrySlowApp.SEQUENTIAL_OUTPUT, SlowEvent.class)).isEqualTo(in);
        assertThat(FerryTestKit.of(FerrySlowApp.class, FerrySlowApp.CONCURRENT_OUTPUT).descriptor().topics())
                .containsExactly(BenchTopics.SLOW_INPUT);
    }

    @Test
    void every_contender_has_its_own_output_topic_and_group() {
        for (Contender c : Contender.values()) {
            assertThat(BenchTopics.group(BenchTopics.output(c.key()))).isEqualTo(BenchTopics.output(c.key()));
        }
        assertThat(FerryBenchApp.THROUGHPUT_OUTPUT).isEqualTo(BenchTopics.output(Contender.FERRY.key()));
        assertThat(FerryBenchApp.LATENCY_OUTPUT).isEqualTo(BenchTopics.latencyOutput(Contender.FERRY.key()));
        assertThat(FerryBenchApp.LATENCY_INPUT).isEqualTo(BenchTopics.latencyInput(Contender.FERRY.key()));
        assertThat(FerryBenchApp.PROXY_THROUGHPUT_OUTPUT).isEqualTo(BenchTopics.output(Contender.FERRY_PROXY.key()));
        assertThat(FerryBenchApp.PROXY_LATENCY_OUTPUT).isEqualTo(BenchTopics.latencyOutput(Contender.FERRY_PROXY.key()));
        assertThat(FerryBenchApp.PROXY_LATENCY_INPUT).isEqualTo(BenchTopics.latencyInput(Contender.FERRY_PROXY.key()));
        assertThat(FerrySlowApp.CONCURRENT_OUTPUT).isEqualTo(BenchTopics.slowOutput(Contender.FERRY_CONCURRENT.key()));
        assertThat(FerrySlowApp.SEQUENTIAL_OUTPUT).isEqualTo(BenchTopics.slowOutput(Contender.FERRY_SEQUENTIAL.key()));
        assertThat(FerrySlowAsyncApp.OUTPUT).isEqualTo(BenchTopics.slowOutput(Contender.FERRY_ASYNC.key()));
    }
}
