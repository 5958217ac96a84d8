package dev.ferry.runbook;

import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import java.util.List;

/** The app the runbook tests describe: one input, one enveloped output, an owner and a description. */
public class SignupScorer {

    public record SignedUp(int client, String email) {
    }

    public record Score(double score, int client) {
    }

    @Ferry(app = "signup-scorer", topics = "client.signed_up", start = Start.BEGINNING,
            outputs = @Output(topic = "client.scored", payload = Score.class, version = "gbm-7"),
            description = "Scores every client who signs up.", owner = "ds-growth@example.com")
    public static List<Envelope<Score>> score(List<SignedUp> clients) {
        return clients.stream().map(c -> Envelope.of(new Score(c.client() % 10 / 10.0, c.client()))).toList();
    }
}
