package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end: its own embedded broker, a compiled app, every output read back. */
class DemoCommandTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    @Test
    void demo_finds_every_prediction_of_an_envelope_app() throws IOException {
        Files.writeString(dir.resolve("Predict.java"), """
                import dev.ferry.api.Envelope;
                import dev.ferry.api.Ferry;
                import dev.ferry.api.Output;
                import dev.ferry.api.Start;
                import java.util.List;

                public class Predict {
                    public record SignedUp(int client, String email, String signed_up_at) { }
                    public record Prediction(float some_prediction_value, int client) { }

                    @Ferry(app = "predict", topics = "client.signed_up", start = Start.BEGINNING,
                           outputs = @Output(topic = "predict.topic", payload = Prediction.class))
                    public static List<Envelope<Prediction>> predict(List<SignedUp> clients) {
                        return clients.stream().map(c -> Envelope.of(new Prediction(0.5f, c.client()))).toList();
                    }
                }
                """);

        Cli.Result r = Cli.in(dir, Map.of()).run("demo", "--events", "200", "--source", "Predict.java");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("  read back  200 records from predict.topic with an independent consumer" + NL)
                .containsPattern("\\{\"metadata\":\\{\"timestamp\":\"[^\"]+\",\"id\":\"[^\"]+\",\"version\":\"1\"},"
                        + "\"payload\":\\{\"some_prediction_value\":0.5,\"client\":\\d+}}")
                .containsPattern("  200 events in \\d+ ms \\(\\d+ events/s; \\d+ events/s after the first output\\)")
                .endsWith("  all 200 predictions present: yes" + NL);
    }

    @Test
    void demo_refuses_an_app_that_would_miss_the_events_sent_before_it_started() throws IOException {
        Files.writeString(dir.resolve("Late.java"), """
                import dev.ferry.api.Ferry;
                import dev.ferry.api.Output;
                import java.util.List;

                public class Late {
                    public record Out(int client) { }

                    @Ferry(app = "late", topics = "client.signed_up", outputs = @Output(topic = "out", schema = Out.class))
                    public static List<Out> late(List<Out> in) {
                        return in;
                    }
                }
                """);

        Cli.Result r = Cli.in(dir, Map.of()).run("demo", "--source", "Late.java");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry: the demo sends its events before the app starts, so app 'late' "
                + "(Late#late): client.signed_up -> out must declare start = Start.BEGINNING" + NL);
    }
}
