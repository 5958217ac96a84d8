package dev.ferry.cli;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's input: sign-ups of clients 1..N, such as
 * {@code {"client": 42, "email": "client42@example.com", "signed_up_at": "2026-11-25T10:00:42Z"}},
 * keyed by client, sent with the same producer settings an app's outputs use (acks=all, idempotent).
 */
final class DemoEvents {

    private static final Instant FIRST_SIGN_UP = Instant.parse("2026-11-25T10:00:00Z");

    private DemoEvents() {
    }

    static String signUp(int client) {
        return "{\"client\": " + client + ", \"email\": \"client" + client + "@example.com\", \"signed_up_at\": \""
                + FIRST_SIGN_UP.plusSeconds(client) + "\"}";
    }

    /** Sends sign-ups of clients 1..count to {@code topic} and waits until all are acknowledged. */
    static void produce(String bootstrapServers, String topic, int count) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.CLIENT_ID_CONFIG, "ferry-demo-producer");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(count);
            for (int client = 1; client <= count; client++) {
                sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(client), signUp(client))));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new CliException("the demo could not send its events to '" + topic + "': " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while sending the demo's events", e);
        }
    }
}
