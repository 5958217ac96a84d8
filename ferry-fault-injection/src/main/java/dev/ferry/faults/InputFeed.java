package dev.ferry.faults;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a run's {@link InputEvents} in id order, as far as the run releases them, with one
 * idempotent producer (so a retry across a broker restart writes no event twice). Each call
 * returns once every event it sent is acknowledged, so what it says is produced is on the broker.
 */
final class InputFeed implements AutoCloseable {

    private final InputEvents input;
    private final KafkaProducer<String, String> producer;
    private long produced;
    private Duration took = Duration.ZERO;

    InputFeed(String bootstrapServers, InputEvents input) {
        this.input = input;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "ferry-faults-input",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024), new StringSerializer(), new StringSerializer());
    }

    /**
     * Produces the events up to id {@code end - 1} (at most the whole input) that are not produced
     * yet, and waits for their acknowledgements; throws if any was not acknowledged.
     */
    void produceUpTo(long end) {
        long started = System.nanoTime();
        long to = Math.min(end, input.count());
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (long id = produced; id < to && failure.get() == null; id++) {
            producer.send(new ProducerRecord<>(FaultApp.INPUT, Long.toString(id), input.value(id)), (m, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the input to " + FaultApp.INPUT + ": " + failure.get(),
                    failure.get());
        }
        produced = Math.max(produced, to);
        took = took.plusNanos(System.nanoTime() - started);
    }

    /** Events produced (and acknowledged) so far. */
    long produced() {
        return produced;
    }

    /** Events not produced yet. */
    long heldBack() {
        return input.count() - produced;
    }

    /** The time spent producing, over all calls. */
    Duration took() {
        return took;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
