package dev.ferry.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The contenders, in the order they run, each with how it is set up. Adding one is adding a constant
 * here and a class that starts it: the harness, the report and the chart take every constant. (The
 * planned slow-function scenario, with Confluent's Parallel Consumer and Ferry's key-ordered
 * concurrency, adds its contenders this way.)
 */
enum Contender {

    KAFKA_CLIENTS("kafka-clients", "hand-written kafka-clients loop", KafkaClientsLoop::start,
            "poll up to 500 → Jackson decode, add the field, validate (networknt) → send all with an idempotent "
                    + "producer (acks=all) → flush → wait for every ack → commitSync of the batch's offsets"),
    FERRY("ferry", "Ferry", FerryContender::start,
            "FerryBenchApp: a @Ferry method over List<InputEvent<Map<String,Object>>> (batchSize 500) returning "
                    + "OutputEvent<Map> with the input key; one output declared with jsonSchema (Ferry validates); "
                    + "FerryEngine.start with a profile that only sets bootstrap.servers"),
    SPRING_KAFKA("spring-kafka", "Spring for Apache Kafka", SpringKafkaContender::start,
            "spring-kafka 4.1 without Spring Boot: a batch @KafkaListener (List<ConsumerRecord>), AckMode.BATCH; "
                    + "KafkaTemplate.send per event, flush, wait for every send's future, then the container "
                    + "commits (sync); same decode/validate code as the loop"),
    KAFKA_STREAMS("kafka-streams", "Kafka Streams", KafkaStreamsContender::start,
            "stream(input).mapValues(decode, add the field, validate).to(output); processing.guarantee "
                    + "at_least_once, 1 stream thread, commit.interval.ms 100 (default 30000), producer "
                    + "linger.ms 5 and consumer max.poll.records 500 (Streams' defaults are 100 and 1000)");

    /** The contender the others are compared with. */
    static final Contender BASELINE = KAFKA_CLIENTS;

    private final String key;
    private final String label;
    private final Function<RunSpec, ContenderRunner> starter;
    private final String setup;

    Contender(String key, String label, Function<RunSpec, ContenderRunner> starter, String setup) {
        this.key = key;
        this.label = label;
        this.starter = starter;
        this.setup = setup;
    }

    /** The name on the command line, in topic names and in the report, e.g. {@code kafka-clients}. */
    String key() {
        return key;
    }

    /** A human name, e.g. "Spring for Apache Kafka". */
    String label() {
        return label;
    }

    /** How it is set up, one sentence for the report. */
    String setup() {
        return setup;
    }

    /** Starts consuming as {@code spec} says and returns at once. */
    ContenderRunner start(RunSpec spec) {
        return starter.apply(spec);
    }

    /** The contender with this key, or an {@link IllegalArgumentException} listing the keys. */
    static Contender named(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contender '" + key + "'; known: " + keys()));
    }

    /** Every key, comma-separated, in run order. */
    static String keys() {
        return Arrays.stream(values()).map(Contender::key).collect(Collectors.joining(","));
    }

    /** The contenders named in a comma-separated list, in run order. */
    static List<Contender> parseList(String keys) {
        List<Contender> named = Arrays.stream(keys.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Contender::named).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("name at least one contender; known: " + keys());
        }
        return Arrays.stream(values()).filter(named::contains).toList();
    }
}
