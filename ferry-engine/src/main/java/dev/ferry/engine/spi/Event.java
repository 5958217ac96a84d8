package dev.ferry.engine.spi;

import dev.ferry.engine.EventPosition;
import java.util.List;
import java.util.Objects;

/**
 * One input event as it was read, before any format has looked at it: where it is, its key, value
 * and headers as bytes. Events from the cluster and from the test kit look the same.
 */
public interface Event {

    /** The topic it was read from. */
    String topic();

    /** Its partition. */
    int partition();

    /** Its offset in the partition. */
    long offset();

    /** Its Kafka timestamp, in milliseconds since the epoch. */
    long timestamp();

    /** The key's bytes, or null for none. */
    byte[] key();

    /** The value's bytes, or null for a tombstone. */
    byte[] value();

    /** Its headers in order; a name may repeat. */
    List<Header> headers();

    /**
     * The value of the last header named {@code name}, or null if it has none (or its value is
     * null): what the engine reads an input event's lineage from, without building the header list.
     */
    default byte[] lastHeader(String name) {
        List<Header> headers = headers();
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).name().equals(name)) {
                return headers.get(i).value();
            }
        }
        return null;
    }

    /** Where it sits, as every error about it names it. */
    default EventPosition position() {
        return new EventPosition(topic(), partition(), offset());
    }

    /** The partition it came from. */
    default Partition source() {
        return new Partition(topic(), partition());
    }

    /** An event from its parts, for tests and tools. */
    static Event of(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                    List<Header> headers) {
        return new Plain(topic, partition, offset, timestamp, key, value, List.copyOf(headers));
    }

    /** A header of an input event. @param name its name @param value its bytes, or null */
    record Header(String name, byte[] value) {

        /** Checks the name. */
        public Header {
            Objects.requireNonNull(name, "header name");
        }
    }

    /** The plain implementation of {@link #of}. */
    record Plain(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                 List<Header> headers) implements Event {
    }
}
