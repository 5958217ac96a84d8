package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.RunningApp;
import dev.ferry.engine.StartupException;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start-up fails fast with a sentence, or, in dev mode, makes what is missing. */
class StartupChecksTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Event(int id) { }

    public static class NeedsTopics {
        @Ferry(app = "needs-topics", topics = "missing.in", outputs = @Output(topic = "missing.out", schema = Event.class))
        public static List<Event> handle(List<Event> events) {
            return events;
        }
    }

    @Test
    void a_missing_input_topic_is_reported_and_not_created() throws Exception {
        PlatformProfile profile = KAFKA.client().profile();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(NeedsTopics.class), profile))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("app 'needs-topics': input topic 'missing.in' and output topic 'missing.out' "
                        + "do not exist on '" + KAFKA.bootstrapServers() + "'")
                .hasMessageContaining("dev-mode: true");
        assertThat(partitionsOf(List.of("missing.in", "missing.out"))).isEmpty();
    }

    public static class DevApp {
        @Ferry(app = "dev-app", topics = "dev.in", outputs = @Output(topic = "dev.out", schema = Event.class))
        public static List<Event> handle(List<Event> events) {
            return events;
        }
    }

    /** Partitions per topic of the cluster, as its admin API describes them (absent: no such topic). */
    private static Map<String, Integer> partitionsOf(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<String, Integer> out = new TreeMap<>();
            admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((name, description) -> out.put(name, description.partitions().size()));
            return out;
        }
    }

    @Test
    void dev_mode_creates_missing_topics() throws Exception {
        PlatformProfile profile = KAFKA.client().profile().toBuilder().set("dev-mode", "true").set("dev-partitions", "2").build();
        assertThat(partitionsOf(List.of("dev.in", "dev.out"))).as("before the app starts").isEmpty();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(DevApp.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partitionsOf(List.of("dev.in", "dev.out")))
                    .isEqualTo(Map.of("dev.in", 2, "dev.out", 2)));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().partitions() == 2);
        }
    }

    @Test
    void an_unreachable_broker_fails_after_the_startup_timeout() {
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers("localhost:1").set("startup-timeout", "2s").build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(DevApp.class), profile))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("app 'dev-app': cannot reach Kafka at 'localhost:1' (code) within 2s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void a_profile_cannot_turn_on_auto_commit() {
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(KAFKA.bootstrapServers())
                .environment(Map.of("FERRY_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT", "true")).build();

        assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(DevApp.class), profile))
                .isInstanceOf(ProfileException.class)
                .hasMessage("environment variable FERRY_KAFKA_CONSUMER_ENABLE_AUTO_COMMIT: kafka consumer property "
                        + "'enable.auto.commit' is set by Ferry (offsets are committed only after outputs are "
                        + "acknowledged); remove it from the profile");
    }
}
