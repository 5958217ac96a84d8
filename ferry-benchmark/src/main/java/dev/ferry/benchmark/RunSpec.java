package dev.ferry.benchmark;

/**
 * What one contender run does: read {@code events} events from {@code inputTopic} in consumer group
 * {@code group} and write each, enriched, to {@code outputTopic}.
 */
record RunSpec(String bootstrap, String inputTopic, String outputTopic, String group, long events) {
}
