package dev.ferry.engine.internal.kafka;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.StartupException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.SinkProvider;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * The built-in write-back, {@code direct}: outputs go straight to the cluster with the consumer's own
 * producer, idempotent with {@code acks=all} ({@link KafkaSink}), or transactional with the input
 * offsets in each transaction for exactly-once ({@link TransactionalKafkaSink}). Written only against
 * the SPI, as any other sink is.
 */
public final class DirectSinkProvider implements SinkProvider {

    /** The name the profile's {@code write-back} uses. */
    public static final String NAME = "direct";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sink create(SinkContext context) {
        Map<String, Object> props = context.producerConfig();
        String servers = String.valueOf(props.get("bootstrap.servers"));
        String owner = "app '" + context.app().name() + "': consumer " + context.consumer();
        if (context.guarantee() == Guarantee.EXACTLY_ONCE) {
            try {
                return new TransactionalKafkaSink(() -> new KafkaProducer<>(props), context::groupMetadata,
                        context.shutdownTimeout(), owner);
            } catch (KafkaException e) {
                throw new StartupException("app '" + context.app().name() + "': the exactly-once guarantee needs "
                        + "Kafka transactions, which the cluster at '" + servers + "' could not start: " + e
                        + ". Choose guarantee: at-least-once in the profile, or enable transactions on the cluster", e);
            }
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        try {
            // Fetch the output topics' metadata now, so that the first batch's sends do not wait for it
            // (and every worker with them): it is a round trip to the cluster, part of starting up.
            for (OutputDescriptor output : context.app().outputs()) {
                producer.partitionsFor(output.topic());
            }
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new StartupException("app '" + context.app().name() + "': cannot read the metadata of its output "
                    + "topics from '" + servers + "': " + e, e);
        }
        return new KafkaSink(producer, context.shutdownTimeout(), owner);
    }
}
