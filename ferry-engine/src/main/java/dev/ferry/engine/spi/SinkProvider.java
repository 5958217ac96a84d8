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
     * Whether the app's own principal writes what this sink sends to the cluster (its outputs, when
     * {@link #writesToCluster()}, and its dead letters), with a producer of the app's: then the app
     * needs WRITE on those topics, {@code ferry acl} grants it, and start-up checks it. A sink that
     * hands outputs and dead letters alike to a service writing under a principal of its own (the
     * write-back proxy) says no: the app needs WRITE on none of them, and start-up leaves those topics
     * to that service (outside dev mode it does not even look for them; in dev mode it still creates
     * them). Default true.
     */
    default boolean writesAsTheApp() {
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
