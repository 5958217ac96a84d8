package dev.ferry.hub.kafka;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Hubs for tests: fast refreshes, and catalog topics of the test's own (created here, as the apps'
 * platform creates them) so tests do not see each other's apps.
 */
final class HubFixture {

    private HubFixture() {
    }

    static HubSettings settings(EmbeddedKafkaExtension kafka, String prefix) {
        PlatformProfile profile = kafka.client().profile();
        kafka.createTopic(prefix + ".status", 1);
        kafka.createTopic(prefix + ".apps", 1);
        return HubSettings.of(profile).withIntervals(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300))
                .withTopics(prefix + ".status", prefix + ".apps");
    }

    static KafkaHubData start(EmbeddedKafkaExtension kafka, HubSettings settings) {
        return KafkaHubData.start(kafka.bootstrapServers(), kafka.client().profile(), settings);
    }

    /** A hub whose clock stands still at {@code now}, so that no minute begins during a test. */
    static KafkaHubData start(EmbeddedKafkaExtension kafka, HubSettings settings, Instant now) {
        return KafkaHubData.start(kafka.bootstrapServers(), kafka.client().profile(), settings,
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
