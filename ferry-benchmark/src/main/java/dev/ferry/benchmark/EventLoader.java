package dev.ferry.benchmark;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes the benchmark's input events: all at once for the throughput run, or at a fixed rate for the latency run. */
final class EventLoader {

    private EventLoader() {
    }

    /** Writes events 0 to {@code n - 1} as fast as the broker takes them; returns once all are acknowledged. */
    static void loadAll(String bootstrap, String topic, long n) {
        Map<String, Object> props = ClientSettings.producer(bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // the input as an uncompressed upstream writes it
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-benchmark-loader");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < n && failure.get() == null; i++) {
                Events.Event e = Events.event(i, Events.EPOCH_MS + i);
                producer.send(new ProducerRecord<>(topic, e.key(), e.value()), (md, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading " + n + " events into " + topic + " failed: " + failure.get(), failure.get());
        }
    }

    /**
     * Writes the slow scenario's {@code n} events ({@link SlowEvents}, keys from {@code keys} ids) in order;
     * returns once all are acknowledged. The idempotent producer keeps each key's events in order.
     */
    static void loadSlow(String bootstrap, String topic, long n, int keys) {
        Map<String, Object> props = ClientSettings.producer(bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // the input as an uncompressed upstream writes it
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-benchmark-loader");
        AtomicReference<Exception> failure = new AtomicReference<>();
        SlowEvents events = new SlowEvents(keys);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < n && failure.get() == null; i++) {
                SlowEvent e = events.next();
                producer.send(new ProducerRecord<>(topic, e.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        SlowEvents.json(e)), (md, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading " + n + " events into " + topic + " failed: " + failure.get(), failure.get());
        }
    }

    /**
     * Writes events 0 to {@code n - 1} at {@code rate} per second, each stamped (its {@code ts} field and
     * its record timestamp) with the wall-clock time it was sent; returns the rate achieved.
     */
    static double loadAtRate(String bootstrap, String topic, long n, int rate) {
        Map<String, Object> props = ClientSettings.producer(bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // the input as an uncompressed upstream writes it
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-benchmark-rate-producer");
        AtomicLong failed = new AtomicLong();
        long started;
        long ended;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            started = System.nanoTime();
            for (long i = 0; i < n; i++) {
                long wait = started + i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.currentTimeMillis();
                Events.Event e = Events.event(i, now);
                producer.send(new ProducerRecord<>(topic, null, now, e.key(), e.value()), (md, ex) -> {
                    if (ex != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            ended = System.nanoTime();
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + n + " events could not be written to " + topic);
        }
        return n / (Duration.ofNanos(Math.max(1, ended - started)).toNanos() / 1e9);
    }
}
