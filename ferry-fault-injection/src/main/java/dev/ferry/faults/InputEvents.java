package dev.ferry.faults;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The input of a run: events {@code {"id": 0, "poison": false}} to {@code {"id": N-1, ...}}, keyed
 * by id so that they spread over the partitions. With {@code poisonEvery} n &gt; 0, every n-th event
 * (ids n-1, 2n-1, ...) is a poison event that the app always fails on.
 *
 * @param count       events, ids 0..count-1
 * @param poisonEvery every n-th event is poison; 0 for none
 */
record InputEvents(long count, int poisonEvery) {

    /** Whether the event with this id is poison. */
    boolean isPoison(long id) {
        return poisonEvery > 0 && id % poisonEvery == poisonEvery - 1;
    }

    /** How many events are poison. */
    long poisonCount() {
        return poisonEvery > 0 ? count / poisonEvery : 0;
    }

    /** Produces the events with an idempotent producer; throws if any was not acknowledged. */
    void produce(String bootstrapServers) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "ferry-faults-input",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024), new StringSerializer(), new StringSerializer())) {
            for (long id = 0; id < count && failure.get() == null; id++) {
                String value = "{\"id\":" + id + ",\"poison\":" + isPoison(id) + "}";
                producer.send(new ProducerRecord<>(FaultApp.INPUT, Long.toString(id), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the input to " + FaultApp.INPUT + ": " + failure.get(),
                    failure.get());
        }
    }
}
