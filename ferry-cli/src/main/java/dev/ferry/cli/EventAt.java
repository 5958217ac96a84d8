package dev.ferry.cli;

import dev.ferry.engine.EventReader;
import dev.ferry.engine.OnCallException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the one event at a topic, partition and offset, without joining a group: what on-call looks at. */
final class EventAt {

    private EventAt() {
    }

    /** The event at {@code offset}; fails with a sentence when the cluster no longer (or never) had it. */
    static ConsumerRecord<byte[], byte[]> read(Cluster cluster, String topic, int partition, long offset) {
        try {
            return EventReader.read(cluster.onCall(), topic, partition, offset);
        } catch (OnCallException e) {
            throw CliException.of(e);
        }
    }
}
