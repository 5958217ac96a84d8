package dev.ferry.engine.spi;

/**
 * Makes the {@link Sink} of each consumer of an app: where its validated outputs go. Found with
 * {@link java.util.ServiceLoader} and chosen by the profile's {@code write-back} (built in:
 * {@code direct}, the Kafka producer: idempotent with {@code acks=all}, transactional for
 * exactly-once).
 */
public interface SinkProvider {

    /** The name the profile's {@code write-back} uses, such as {@code direct}. */
    String name();

    /**
     * The sink of one consumer, made at start-up.
     *
     * @throws dev.ferry.engine.StartupException if what the sink writes to cannot be reached
     * @throws dev.ferry.engine.ProfileException if one of its settings is wrong
     */
    Sink create(SinkContext context);
}
