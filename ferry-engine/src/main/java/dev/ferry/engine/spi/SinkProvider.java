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
     * Whether the sink writes outputs (and dead letters) to the app's Kafka cluster. If so, start-up
     * checks that the output and dead-letter topics exist (creating them in dev mode), that the app may
     * write them, and for exactly-once that the cluster has transactions. A sink that writes elsewhere
     * (a database) says no, and needs none of that. Default true.
     */
    default boolean writesToCluster() {
        return true;
    }

    /**
     * The sink of one consumer, made at start-up.
     *
     * @throws dev.ferry.engine.StartupException if what the sink writes to cannot be reached
     * @throws dev.ferry.engine.ProfileException if one of its settings is wrong
     */
    Sink create(SinkContext context);
}
