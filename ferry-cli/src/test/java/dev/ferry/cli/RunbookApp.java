package dev.ferry.cli;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import java.util.List;

/** An app with an owner and an output, for {@code ferry runbook}. */
public class RunbookApp {

    public record Score(int client, double score) {
    }

    @Ferry(app = "cli-scorer", topics = "cli.signed_up", owner = "ds-cli@example.com",
            description = "Scores sign-ups for the CLI's tests.",
            outputs = @Output(topic = "cli.scored", schema = Score.class))
    public static List<Score> score(List<Score> in) {
        return in;
    }
}
