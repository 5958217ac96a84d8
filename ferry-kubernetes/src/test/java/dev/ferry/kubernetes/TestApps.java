package dev.ferry.kubernetes;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.util.List;

/** Apps and profiles for the generator's tests. */
final class TestApps {

    private TestApps() {
    }

    static class Predict {
        @Ferry(app = "predict-clicks", topics = {"clicks", "views"}, consumers = 2, start = Start.BEGINNING,
                owner = "data-team@example.com", description = "Predicts the next click")
        public static void predict(List<String> events) {
        }
    }

    static class Ledger {
        @Ferry(app = "ledger", topics = "payments", delivery = Delivery.EXACTLY_ONCE)
        public static void book(List<String> events) {
        }
    }

    static class Dotted {
        @Ferry(app = "predict.clicks", topics = "clicks")
        public static void predict(List<String> events) {
        }
    }

    static AppDescriptor predict() {
        return AppDescriptor.of(Predict.class);
    }

    static AppDescriptor ledger() {
        return AppDescriptor.of(Ledger.class);
    }

    static AppDescriptor dotted() {
        return AppDescriptor.of(Dotted.class);
    }

    static PlatformProfile.Builder profile() {
        return PlatformProfile.builder().bootstrapServers("kafka-0.kafka:9092");
    }
}
