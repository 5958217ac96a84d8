package dev.ferry.engine.spi;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;

/** What a {@link SinkProvider} is told when it makes the sink of one consumer. */
public interface SinkContext {

    /** The app. */
    AppDescriptor app();

    /** The guarantee the app runs with. */
    Guarantee guarantee();

    /** The consumer's index, from 0. */
    int consumer();

    /** The sink's own settings ({@code plugins.<name>.*}). */
    PluginContext plugin();

    /**
     * The topic that events which keep failing go to, when the profile's {@code poison-policy} is
     * {@code dead-letter}: the sink is then also given records for it.
     */
    Optional<String> deadLetterTopic();

    /**
     * Kafka producer settings for this consumer: the profile's {@code kafka.common.*} and
     * {@code kafka.producer.*}, with Ferry's own ({@code acks=all}, idempotence, byte-array
     * serializers, a client id, and for exactly-once a {@code transactional.id} unique to this
     * consumer). For a sink that writes to the cluster.
     */
    Map<String, Object> producerConfig();

    /**
     * The consumer group's metadata as of the consumer's last poll, for a sink that commits input
     * offsets in a Kafka transaction ({@code sendOffsetsToTransaction}).
     */
    ConsumerGroupMetadata groupMetadata();

    /** How long a stop waits for work in flight; a sink's {@code close} should take no longer. */
    Duration shutdownTimeout();

    /**
     * Where a sink with a store of its own says that store is away and back again: the app is not
     * ready in between (see {@link StoreAvailability}).
     */
    StoreAvailability store();
}
