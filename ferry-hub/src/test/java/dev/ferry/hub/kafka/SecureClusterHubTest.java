package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.SecureBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub on a SASL_SSL cluster (SCRAM-SHA-512): its cluster access (admin and consumers) and its
 * audit log's producer get the profile's {@code security.*} settings, so it reads the topics, the
 * catalog and its own audit log as on a plaintext one.
 */
class SecureClusterHubTest {

    @TempDir
    static Path dir;
    static SecureBroker broker;
    static PlatformProfile profile;

    @BeforeAll
    static void start() {
        broker = SecureBroker.start(dir, "s3cr3t-Zq9-hub-" + Long.toHexString(System.nanoTime()));
        PlatformProfile.Builder b = PlatformProfile.builder();
        broker.saslProfile().forEach(b::set);
        profile = b.build();
        for (String t : List.of("hubsec.orders", "hubsec.status", "hubsec.apps", "hubsec.audit")) {
            broker.broker().createTopic(t, 1);
        }
        new TestKafka(profile).produce("hubsec.orders", List.of("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static HubSettings settings() {
        return HubSettings.of(profile).withIntervals(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300))
                .withTopics("hubsec.status", "hubsec.apps").withAuditTopic("hubsec.audit");
    }

    @Test
    void the_hub_reads_the_topics_of_a_sasl_ssl_cluster() {
        try (KafkaHubData hub = KafkaHubData.start(broker.bootstrapServers(SecureBroker.SASL), profile, settings())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TopicsTest.summary(hub, "hubsec.orders").eventsHeld()).isEqualTo(3));
        }
    }

    @Test
    void the_hubs_audit_log_writes_and_reads_back_over_sasl_ssl() {
        Instant t0 = Instant.parse("2026-12-02T05:00:00Z");
        try (KafkaAuditLog log = KafkaAuditLog.open(broker.bootstrapServers(SecureBroker.SASL), profile, settings())) {
            log.record(new AuditEntry(t0, "alice", AuditEntry.LOGIN, "", "the login form, as reader"));
            log.flush();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.recent(5))
                    .containsExactly(new AuditEntry(t0, "alice", AuditEntry.LOGIN, "", "the login form, as reader")));
        }
    }
}
