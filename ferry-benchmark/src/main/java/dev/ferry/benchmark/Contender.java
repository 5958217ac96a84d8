package dev.ferry.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The contenders of every {@link Scenario}, in the order they run, each with how it is set up. Adding one
 * is adding a constant here and a class that starts it: the harness, the report and the chart take every
 * constant of their scenario.
 */
enum Contender {

    KAFKA_CLIENTS("kafka-clients", "hand-written kafka-clients loop", KafkaClientsLoop::start,
            "poll up to 500 → Jackson decode, add the field, validate (networknt) → send all with an idempotent "
                    + "producer (acks=all) → flush → wait for every ack → commitSync of the batch's offsets"),
    KAFKA_CLIENTS_PIPELINED("kafka-clients-pipelined", "pipelined kafka-clients loop", PipelinedLoop::enriching,
            "poll up to 500 → the same decode, add, validate → send each without waiting; the producer's callback "
                    + "marks its input offset acknowledged; after every poll commitAsync, per partition, the offset "
                    + "after the last of an unbroken run of acknowledged events (never past an unacknowledged one)"),
    RAW_COPY("raw-copy", "raw copy (bytes in, same bytes out)", PipelinedLoop::copying,
            "the pipelined loop writing each input value unchanged (no decode, no validation): what the broker "
                    + "and the clients allow on this machine, a ceiling rather than a contender"),
    FERRY("ferry", "Ferry", FerryContender::start,
            "FerryBenchApp: a @Ferry method over List<InputEvent<Map<String,Object>>> (batchSize 500) returning "
                    + "OutputEvent<Map> with the input key; one output declared with jsonSchema (Ferry validates); "
                    + "FerryEngine.start with a profile that only sets bootstrap.servers"),
    FERRY_PROXY("ferry-proxy", "Ferry through the write-back proxy", FerryProxyContender::start,
            "the same FerryBenchApp with write-back: proxy: outputs go over gRPC to a ferry proxy (in the same JVM, "
                    + "its CPU and memory counted with the app's), which checks the token, the declared topic and "
                    + "the JSON Schema from the app's announcement, writes with its own idempotent producer "
                    + "(acks=all, linger.ms 5) and answers after the broker's ack; then the consumer commits"),
    SPRING_KAFKA("spring-kafka", "Spring for Apache Kafka", SpringKafkaContender::start,
            "spring-kafka 4.1 without Spring Boot: a batch @KafkaListener (List<ConsumerRecord>), AckMode.BATCH; "
                    + "KafkaTemplate.send per event, flush, wait for every send's future, then the container "
                    + "commits (sync); same decode/validate code as the loop"),
    KAFKA_STREAMS("kafka-streams", "Kafka Streams", KafkaStreamsContender::start,
            "stream(input).mapValues(decode, add the field, validate).to(output); processing.guarantee "
                    + "at_least_once, 1 stream thread, commit.interval.ms 100 (default 30000), producer "
                    + "linger.ms 5 and consumer max.poll.records 500 (Streams' defaults are 100 and 1000)"),

    FERRY_CONCURRENT(Scenario.SLOW, "ferry-concurrent", "Ferry with concurrency", FerrySlowContender::start,
            "FerrySlowApp: a @Ferry method over List<InputEvent<SlowEvent>> (batchSize 500) that waits the per-event "
                    + "time with Thread.sleep for each event and returns OutputEvent<SlowEvent> with the input key (output "
                    + "declared with schema = SlowEvent.class); FerryEngine.start with a profile setting bootstrap.servers "
                    + "and concurrency = C, so a poll is split into up to C key-ordered sub-batches worked on at once"),
    FERRY_ASYNC(Scenario.SLOW, "ferry-async", "Ferry with concurrency, async function", FerrySlowContender::start,
            "FerrySlowAsyncApp: the same function returning CompletableFuture<List<OutputEvent<SlowEvent>>>, each event "
                    + "completed the per-event time after the previous one by a shared ScheduledExecutorService (no thread "
                    + "held while waiting); profile concurrency = C"),
    PARALLEL_CONSUMER(Scenario.SLOW, "parallel-consumer", "Confluent Parallel Consumer", Contender::ownJvm,
            "Confluent Parallel Consumer 0.5.3.3 with kafka-clients 3.9.1, in its own JVM (module ferry-benchmark-pc): "
                    + "ordering KEY, maxConcurrency C, pollAndProduce with its own idempotent producer (acks=all, "
                    + "linger.ms 5, batch.size 65536, lz4, as every contender): the function sleeps the per-event time and returns the event keyed as it came; "
                    + "commit mode its default PERIODIC_CONSUMER_ASYNCHRONOUS, commitInterval 100 ms (default 5 s, "
                    + "which would leave the run waiting for the last commit); consumer max.poll.records 500"),
    FERRY_SEQUENTIAL(Scenario.SLOW, "ferry-sequential", "Ferry without concurrency", FerrySlowContender::start,
            "FerrySlowApp, the same function as ferry-concurrent, with the profile's concurrency = 1: one call at a "
                    + "time, the batch's events one after the other"),

    FERRY_NO_INPUT(Scenario.IDLE, "ferry-no-input", "Ferry, no input", FerryIdleContender::start,
            "FerryIdleApp: a @Ferry app on an empty topic, Ferry's defaults; its process's CPU over the window"),
    FERRY_WAITING(Scenario.IDLE, "ferry-waiting", "Ferry, a function that waits", FerryIdleContender::start,
            "FerryIdleApp: a @Ferry function that, on its first batch (3 events), waits until the run ends: the "
                    + "poll thread has work pending the whole window; its process's CPU over the window"),
    KAFKA_CLIENTS_NO_INPUT(Scenario.IDLE, "kafka-clients-no-input", "kafka-clients loop, no input",
            KafkaClientsLoop::start,
            "the hand-written loop (poll 100 ms) on an empty topic: what an idle KafkaConsumer and its JVM cost");

    /** The contender the others are compared with. */
    static final Contender BASELINE = KAFKA_CLIENTS;

    private final Scenario scenario;
    private final String key;
    private final String label;
    private final Function<RunSpec, ContenderRunner> starter;
    private final String setup;

    Contender(String key, String label, Function<RunSpec, ContenderRunner> starter, String setup) {
        this(Scenario.PLAIN, key, label, starter, setup);
    }

    Contender(Scenario scenario, String key, String label, Function<RunSpec, ContenderRunner> starter, String setup) {
        this.scenario = scenario;
        this.key = key;
        this.label = label;
        this.starter = starter;
        this.setup = setup;
    }

    /** The scenario it belongs to. */
    Scenario scenario() {
        return scenario;
    }

    /**
     * Whether it runs in a JVM of its own module rather than in {@link ContenderMain} on the benchmark's
     * classpath (Parallel Consumer, which needs kafka-clients 3.x: see {@link ParallelConsumerJar}).
     */
    boolean ownJvm() {
        return this == PARALLEL_CONSUMER;
    }

    /** Whether it is one of Ferry's. */
    boolean isFerry() {
        return key.startsWith("ferry");
    }

    private static ContenderRunner ownJvm(RunSpec spec) {
        throw new UnsupportedOperationException("parallel-consumer runs in its own JVM (module ferry-benchmark-pc), "
                + "not in ContenderMain");
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

    /** The contender with this key in any scenario, or an {@link IllegalArgumentException} listing the keys. */
    static Contender named(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contender '" + key + "'; known: "
                        + Arrays.stream(values()).map(Contender::key).collect(Collectors.joining(","))));
    }

    /** The contenders of a scenario, in run order. */
    static List<Contender> of(Scenario scenario) {
        return Arrays.stream(values()).filter(c -> c.scenario == scenario).toList();
    }

    /** The keys of a scenario's contenders, comma-separated, in run order. */
    static String keys(Scenario scenario) {
        return of(scenario).stream().map(Contender::key).collect(Collectors.joining(","));
    }

    /** The contenders of {@code scenario} named in a comma-separated list, in run order. */
    static List<Contender> parseList(String keys, Scenario scenario) {
        List<Contender> known = of(scenario);
        List<Contender> named = Arrays.stream(keys.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(k -> known.stream().filter(c -> c.key.equals(k)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown contender '" + k + "'"
                                + (scenario == Scenario.PLAIN ? "" : " in the " + scenario.key() + " scenario")
                                + "; known: " + keys(scenario))))
                .toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("name at least one contender; known: " + keys(scenario));
        }
        return known.stream().filter(named::contains).toList();
    }
}
