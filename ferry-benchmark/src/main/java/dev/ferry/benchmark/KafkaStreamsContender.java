package dev.ferry.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams: {@code stream(input).mapValues(enrich).to(output)} with at-least-once processing.
 * Streams commits on a timer rather than per batch: {@code commit.interval.ms} is 100 here (its
 * default, 30 s, would leave the benchmark waiting for a commit). Its own defaults for
 * {@code linger.ms} (100) and {@code max.poll.records} (1000) are set back to the others' values.
 */
final class KafkaStreamsContender implements ContenderRunner {

    static final int COMMIT_INTERVAL_MS = 100;

    private final KafkaStreams streams;
    private final Path stateDir;
    private volatile Throwable failure;

    private KafkaStreamsContender(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    static ContenderRunner start(RunSpec spec) {
        Enrichment enrichment = Enrichment.load();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(spec.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(value -> {
                    Progress.firstEvent();
                    return enrichment.apply(value);
                })
                .to(spec.outputTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Path stateDir = temporaryStateDir();
        KafkaStreams streams = new KafkaStreams(builder.build(), properties(spec, stateDir));
        KafkaStreamsContender contender = new KafkaStreamsContender(streams, stateDir);
        streams.setUncaughtExceptionHandler(e -> {
            contender.failure = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return contender;
    }

    private static Properties properties(RunSpec spec, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.group());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), ClientSettings.BATCH_SIZE);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), ClientSettings.LINGER_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), ClientSettings.PRODUCER_BATCH_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), ClientSettings.COMPRESSION);
        return p;
    }

    private static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("ferry-bench-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for Kafka Streams", e);
        }
    }

    @Override
    public Optional<String> failure() {
        Throwable f = failure;
        if (f != null) {
            return Optional.of("Kafka Streams failed: " + f);
        }
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                ? Optional.of("Kafka Streams is " + state) : Optional.empty();
    }

    @Override
    public void close() {
        // Leave the group, as the other contenders do on close, so that a next round can reuse it at once.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        streams.cleanUp();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
