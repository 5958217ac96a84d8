package dev.ferry.it;

import static dev.ferry.it.IdEvents.compactIds;
import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once after a crash: an instance that was SIGKILLed mid-transaction leaves it open, which
 * blocks its partitions' committed offsets and outputs until the transaction times out. With a
 * stable {@code instance-id}, the restarted instance's producer takes over the transactional id and
 * aborts that transaction as it starts.
 */
class ExactlyOnceRestartTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public record Echo(int id) { }

    public static class Restarted {
        @Ferry(app = "eos-restarted", topics = "eos-restarted.in", start = Start.BEGINNING, batchSize = 5,
                outputs = @Output(topic = "eos-restarted.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    @Test
    void a_restarted_instance_with_the_same_instance_id_aborts_its_predecessors_open_transaction_at_once() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("eos-restarted.in", 1);
        kafka.createTopic("eos-restarted.out", 1);
        kafka.produce("eos-restarted.in", ids(0, 20));
        try (KafkaProducer<String, String> predecessor = predecessorWithAnOpenTransaction(kafka, "eos-restarted-pod-0-0")) {
            PlatformProfile profile = kafka.profile().toBuilder().set("guarantee", "exactly-once")
                    .set("instance-id", "pod-0").build();

            // The predecessor's transaction would hold the group's offsets for 60 s: well past this deadline.
            try (RunningApp app = FerryEngine.start(AppDescriptor.of(Restarted.class), profile)) {
                await().atMost(Duration.ofSeconds(25)).until(() -> app.status().consumed() == 20);
            }
            predecessor.close(Duration.ZERO);
        }
        assertThat(kafka.committedOffsets("eos-restarted")).containsEntry(new TopicPartition("eos-restarted.in", 0), 20L);
        assertThat(kafka.readAllValues("eos-restarted.out", Duration.ofSeconds(10)))
                .as("the whole topic, read_committed: the predecessor's output was aborted; every input's output is "
                        + "there once")
                .containsExactlyElementsOf(compactIds(0, 20));
    }

    /**
     * A producer standing for an instance killed in the middle of a batch: with the transactional id
     * the app will use, it wrote an output and the group's offset for the first 5 inputs in a
     * transaction that it never ends, with a 60 s transaction timeout.
     */
    private static KafkaProducer<String, String> predecessorWithAnOpenTransaction(TestKafka kafka, String transactionalId) {
        KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000"), new StringSerializer(), new StringSerializer());
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("eos-restarted.out", "{\"id\":-1}"));
        p.sendOffsetsToTransaction(Map.of(new TopicPartition("eos-restarted.in", 0), new OffsetAndMetadata(5)),
                new ConsumerGroupMetadata("eos-restarted"));
        p.flush();
        return p;
    }
}
