package dev.ferry.examples;

import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import java.util.List;

/**
 * The talk's event-driven prediction: when a client signs up, predict something about them and
 * emit one prediction per client to {@code predict.topic}, in the standard envelope
 * ({@code metadata {timestamp, id, version}} + {@code payload {some_prediction_value, client}}).
 */
public class PredictFoo {

    /** The input: a client signed up. Fields the producer adds later are ignored. */
    public record SignedUp(int client, String email, String signed_up_at) { }

    /** The output payload; its JSON form is the schema every emitted event is checked against. */
    public record Prediction(float some_prediction_value, int client) { }

    @Ferry(app = "predict-foo", topics = "client.signed_up", start = Start.BEGINNING,
            outputs = @Output(topic = "predict.topic", payload = Prediction.class),
            description = "Predicts XX about a client when they sign up.", owner = "ds-styling@example.com")
    public static List<Envelope<Prediction>> predictFoo(List<SignedUp> clients) {
        return clients.stream().map(c -> Envelope.of(createPrediction(c))).toList();
    }

    /** Where a data scientist fetches features and calls the model. */
    static Prediction createPrediction(SignedUp client) {
        float score = Math.floorMod(client.client() * 2654435761L, 1000) / 1000f;
        return new Prediction(score, client.client());
    }
}
