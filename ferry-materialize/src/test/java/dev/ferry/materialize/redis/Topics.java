package dev.ferry.materialize.redis;

import static org.awaitility.Awaitility.await;

import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates a test's topic and waits until the broker answers as the leader of every partition (a
 * {@code ListOffsets} of each succeeds), before anything is produced. Producing at once, on a loaded
 * machine, an idempotent producer was seen to get {@code NOT_LEADER_OR_FOLLOWER} within a second of
 * the creation and then retry for ever on {@code OUT_OF_ORDER_SEQUENCE_NUMBER}.
 */
final class Topics {

    private Topics() {
    }

    static void create(TestKafka kafka, String topic, int partitions) {
        kafka.createTopic(topic, partitions);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).size() == partitions);
        }
    }
}
