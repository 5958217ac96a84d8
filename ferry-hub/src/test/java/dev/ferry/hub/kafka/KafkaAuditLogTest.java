package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.SkipRecord;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hub's audit log on the audit topic: its own records and the CLI's skips and replays, shared by every hub. */
class KafkaAuditLogTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void peeks_logins_skips_and_replays_are_read_back_newest_first_by_every_hub() {
        String prefix = KAFKA.uniqueTopic("audit");
        HubSettings settings = HubFixture.settings(KAFKA, prefix).withAuditTopic(prefix + ".audit");
        Instant t0 = Instant.parse("2026-12-02T05:00:00Z");
        try (KafkaAuditLog one = KafkaAuditLog.open(KAFKA.bootstrapServers(), KAFKA.client().profile(), settings);
             KafkaAuditLog two = KafkaAuditLog.open(KAFKA.bootstrapServers(), KAFKA.client().profile(), settings)) {
            one.record(new AuditEntry(t0, "alice", AuditEntry.LOGIN, "", "the login form, as reader"));
            one.record(new AuditEntry(t0.plusSeconds(1), "alice", AuditEntry.PEEK, "payments",
                    "2 event(s): partition 0 offsets 4..5"));
            one.flush();
            try (Records r = new Records(KAFKA.bootstrapServers())) {
                r.send(settings.auditTopic(), 0, t0.plusSeconds(2), "score", new SkipRecord("score",
                        new EventPosition("clicks", 1, 90), "bob", t0.plusSeconds(2), "poison", "k", null).toJson()
                        .getBytes(StandardCharsets.UTF_8), Map.of());
                r.send(settings.auditTopic(), 0, t0.plusSeconds(3), "score", new ReplayRecord("r-1", "score", "clicks",
                        0, 10, 20L, 21, "carol", t0.plusSeconds(3), "bad model").toJson()
                        .getBytes(StandardCharsets.UTF_8), Map.of());
                r.send(settings.auditTopic(), 0, t0.plusSeconds(4), "x", "not json".getBytes(StandardCharsets.UTF_8),
                        Map.of());
            }
            List<AuditEntry> seen = two.recent(10);
            assertThat(seen).extracting(AuditEntry::action)
                    .containsExactly("replay", "skip", AuditEntry.PEEK, AuditEntry.LOGIN);
            assertThat(seen.get(0).by()).isEqualTo("carol");
            assertThat(seen.get(0).detail()).isEqualTo("app score, partition 0 offsets 10..20: bad model");
            assertThat(seen.get(1).by()).isEqualTo("bob");
            assertThat(seen.get(1).topic()).isEqualTo("clicks");
            assertThat(seen.get(2)).isEqualTo(new AuditEntry(t0.plusSeconds(1), "alice", AuditEntry.PEEK, "payments",
                    "2 event(s): partition 0 offsets 4..5"));
            // the newest 3 records of the partition: the junk one, the replay and the skip
            assertThat(one.recent(3)).extracting(AuditEntry::action).containsExactly("replay", "skip");
        }
    }
}
