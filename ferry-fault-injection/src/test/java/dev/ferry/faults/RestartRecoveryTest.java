package dev.ferry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery of the consumer group: an app process SIGKILLed and started again with the same
 * {@code instance-id}, as a StatefulSet restarts a crashed pod under the same name. The killed
 * consumer never left the group, so a new member would wait for its session to time out before
 * the group gave it partitions; with static membership ({@code group.instance.id} from the
 * instance id) the restarted instance takes the killed one's place, and its partitions, at once.
 *
 * <p>The session timeout is set to 60 s so that the difference is unmistakable: the restarted
 * instance must process its first event within 20 s of being started (a JVM start and the start-up
 * checks take a few seconds), which waiting out the session could not do.
 */
class RestartRecoveryTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WELL_BEFORE_THE_SESSION_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logs;

    @Test
    void a_restarted_instance_with_the_same_instance_id_takes_its_partitions_back_well_before_the_session_timeout() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             InputFeed input = new InputFeed(broker.bootstrapServers(), new InputEvents(200, 0));
             Outputs outputs = new Outputs(broker.bootstrapServers())) {
            broker.createTopic(FaultApp.INPUT, 3);
            broker.createTopic(FaultApp.OUTPUT, 1);
            List<String> settings = List.of("instance-id=pod-0", "startup-timeout=30s", "shutdown-timeout=5s",
                    "kafka.consumer.session.timeout.ms=" + SESSION_TIMEOUT.toMillis());
            input.produceUpTo(100);
            AppInstance first = AppInstance.start("pod-0-1", broker.bootstrapServers(), List.of(), settings, logs);
            AppInstance second = null;
            try {
                await().atMost(WAIT).until(() -> outputs.poll().idsBy("pod-0-1") == 100);
                first.kill();

                long restarted = System.currentTimeMillis();
                second = AppInstance.start("pod-0-2", broker.bootstrapServers(), List.of(), settings, logs);
                input.produceUpTo(200);
                await().atMost(WELL_BEFORE_THE_SESSION_TIMEOUT)
                        .until(() -> outputs.poll().firstTimestampBy("pod-0-2") != null);
                long took = outputs.firstTimestampBy("pod-0-2") - restarted;
                System.out.println("restart to first event processed: " + took + " ms (session timeout "
                        + SESSION_TIMEOUT.toSeconds() + " s)");

                assertThat(Duration.ofMillis(took)).isLessThan(WELL_BEFORE_THE_SESSION_TIMEOUT);
                await().atMost(WAIT).until(() -> outputs.poll().ids().size() == 200);
                assertThat(second.alive()).as("the restarted instance runs (see " + second.log() + ")").isTrue();
            } finally {
                first.kill();
                if (second != null) {
                    second.kill();
                }
            }
        }
    }

    /** Every output read so far, from the start of the output topic: which instance wrote what, and when first. */
    private static final class Outputs implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, Set<Long>> idsByInstance = new HashMap<>();
        private final Map<String, Long> firstTimestamp = new HashMap<>();

        Outputs(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        }

        Outputs poll() {
            if (consumer.assignment().isEmpty()) {
                TopicPartition out = new TopicPartition(FaultApp.OUTPUT, 0);
                consumer.assign(List.of(out));
                consumer.seekToBeginning(List.of(out));
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                JsonNode output = json(r.value());
                String instance = output.path("instance").asText();
                idsByInstance.computeIfAbsent(instance, k -> new HashSet<>()).add(output.path("id").asLong());
                firstTimestamp.putIfAbsent(instance, r.timestamp());
            }
            return this;
        }

        int idsBy(String instance) {
            return idsByInstance.getOrDefault(instance, Set.of()).size();
        }

        /** When the instance's first output was written (its producer's timestamp), or null if none was read. */
        Long firstTimestampBy(String instance) {
            return firstTimestamp.get(instance);
        }

        Set<Long> ids() {
            Set<Long> all = new HashSet<>();
            idsByInstance.values().forEach(all::addAll);
            return all;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }

        private static JsonNode json(String value) {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
