package dev.ferry.engine;

/**
 * Where one input event sits: enough to find it with any Kafka tool, and what every error about
 * an event names.
 *
 * @param topic     the input topic
 * @param partition the partition
 * @param offset    the offset within the partition
 */
public record EventPosition(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return "topic '" + topic + "' partition " + partition + " offset " + offset;
    }
}
