package dev.ferry.engine.spi;

/**
 * One partition of a topic, as the seams name it.
 *
 * @param topic     the topic
 * @param partition the partition number
 */
public record Partition(String topic, int partition) {

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
