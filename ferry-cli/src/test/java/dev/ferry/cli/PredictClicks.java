package dev.ferry.cli;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import java.util.List;

/** The app docs/deploy.md deploys: two consumers per replica, read from the beginning, with an owner. */
public class PredictClicks {

    @Ferry(app = "predict-clicks", topics = "clicks", consumers = 2, start = Start.BEGINNING,
            owner = "data-team@example.com", description = "Scores each click")
    public static void predict(List<String> events) {
    }
}
