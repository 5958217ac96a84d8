package dev.ferry.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry tail}: prints a topic's events as they arrive, without joining any consumer group. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints a topic's events as they arrive.",
            "One value per line, until Ctrl-C, --max or --timeout. Reads every partition without joining a consumer group, so no app's offsets move."
        })
final class TailCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start with the oldest event kept (default: only new events).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop when no new event came for this long, such as 10s (default: never).")
    Duration timeout;

    @Option(names = "--keys", description = "Print each event's key and a tab before its value.")
    boolean keys;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        Cluster cluster = clusterOption.resolve(root);
        int partitions = Topics.partitions(cluster, topic, false);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster)) {
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            if (fromBeginning) {
                consumer.seekToBeginning(all);
            } else {
                consumer.seekToEnd(all);
            }
            all.forEach(consumer::position);
            print(consumer);
        }
        return 0;
    }

    private void print(KafkaConsumer<byte[], byte[]> consumer) {
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        long lastEvent = System.nanoTime();
        while (max == null || printed < max) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                out.print(keys ? text(r.key()) + "\t" + text(r.value()) + "\n" : text(r.value()) + "\n");
                lastEvent = System.nanoTime();
                if (max != null && ++printed >= max) {
                    break;
                }
            }
            out.flush();
            if (timeout != null && System.nanoTime() - lastEvent >= timeout.toNanos()) {
                break;
            }
        }
        out.flush();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Cluster cluster) {
        Map<String, Object> props = cluster.properties("consumer");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-tail");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
