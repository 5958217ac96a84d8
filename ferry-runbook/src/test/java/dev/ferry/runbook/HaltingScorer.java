package dev.ferry.runbook;

import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import java.util.List;

/** An app that halts at client 13, for the test of a real Prometheus scraping it and alerting. */
public class HaltingScorer {

    public record SignedUp(int client) {
    }

    @Ferry(app = "halting-scorer", topics = "halting.signed_up", start = Start.BEGINNING, owner = "ds-growth@example.com")
    public static void score(List<SignedUp> clients) {
        for (SignedUp c : clients) {
            if (c.client() == 13) {
                throw new IllegalStateException("client 13 cannot be scored");
            }
        }
    }
}
