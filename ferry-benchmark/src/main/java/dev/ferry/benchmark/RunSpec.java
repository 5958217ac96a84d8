package dev.ferry.benchmark;

/**
 * What one contender run does: read {@code events} events from {@code inputTopic} in consumer group
 * {@code group} and write each, enriched, to {@code outputTopic}. In the slow scenario, each event also
 * costs {@code waitMs} of simulated I/O, and {@code concurrency} is how many the contender may work on at
 * once (Ferry's {@code concurrency}, Parallel Consumer's {@code maxConcurrency}).
 */
record RunSpec(String bootstrap, String inputTopic, String outputTopic, String group, long events, long waitMs,
               int concurrency) {

    /** A run of the plain scenario: no waiting, one at a time. */
    RunSpec(String bootstrap, String inputTopic, String outputTopic, String group, long events) {
        this(bootstrap, inputTopic, outputTopic, group, events, 0, 1);
    }
}
