package dev.ferry.materialize;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The events the materializer benchmarks ({@link PostgresBenchmark},
 * {@link dev.ferry.materialize.redis.RedisBenchmark}) run on: keyed JSON clicks of six fields (one
 * nested), client {@code c<i % clients>}, produced once before the contenders run.
 */
public final class BenchmarkEvents {

    private BenchmarkEvents() {
    }

    /** Event {@code i}'s value, for {@code clients} clients. */
    public static String value(int i, int clients) {
        int c = i % clients;
        return "{\"client\": \"c" + c + "\", \"score\": " + (i % 1000) / 8.0 + ", \"visits\": " + i + ", \"vip\": "
                + (i % 3 == 0) + ", \"segment\": \"s" + (c % 17) + "\", \"profile\": {\"country\": \"fr\", \"age\": "
                + (18 + c % 60) + "}}";
    }

    /** Produces events 0 to {@code events - 1} to {@code topic}, over {@code clients.applyAsInt(events)} clients. */
    public static void produce(String bootstrap, String topic, int events, IntUnaryOperator clients) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        int n = clients.applyAsInt(events);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, ("c" + i % n).getBytes(StandardCharsets.UTF_8),
                        value(i, n).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
