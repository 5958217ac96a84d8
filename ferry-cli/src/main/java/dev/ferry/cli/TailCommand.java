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

    @Option(names = "--headers", description = "Print each event's headers, {name=value, ...}, and a tab before its value "
            + "(dead-letter reasons are headers).")
    boolean headers;

    @Option(names = {"--verbose", "-v"}, description = "Print each event's partition, offset, timestamp and key, "
            + "labelled, and a tab before its value.")
    boolean verbose;

    @Option(names = "--partition", paramLabel = "P", description = "Read only partition P.")
    Integer partition;

    @Option(names = "--from-offset", paramLabel = "O", description = "Start at offset O of --partition.")
    Long fromOffset;

    @Option(names = "--from-time", paramLabel = "TIME", converter = TailStart.TimeConverter.class,
            description = "Start at the first event at or after TIME: an instant such as 2026-12-01T10:00:00Z, or a "
                    + "time ago such as -10m.")
    java.time.Instant fromTime;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        TailStart start = TailStart.of(spec.commandLine(), fromBeginning, partition, fromOffset, fromTime);
        Cluster cluster = clusterOption.resolve(root);
        int partitions = Topics.partitions(cluster, topic, false);
        if (partition != null && (partition < 0 || partition >= partitions)) {
            throw new CliException("topic '" + topic + "' has no partition " + partition + " (it has " + partitions + ")");
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster)) {
            List<TopicPartition> all = IntStream.range(0, partitions).filter(p -> partition == null || p == partition)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            start.seek(consumer, all, cluster.timeout());
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
                out.print(line(r) + "\n");
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

    /** One event as printed: the columns asked for, tab-separated, then the value; by default the value alone. */
    String line(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder line = new StringBuilder();
        if (verbose) {
            line.append("partition=").append(r.partition()).append(" offset=").append(r.offset())
                    .append(" timestamp=").append(java.time.Instant.ofEpochMilli(r.timestamp()))
                    .append(" key=").append(text(r.key())).append('\t');
        } else if (keys) {
            line.append(text(r.key())).append('\t');
        }
        if (headers) {
            line.append(verbose ? "headers=" : "").append(headers(r)).append('\t');
        }
        return line.append(text(r.value())).toString();
    }

    private static String headers(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder out = new StringBuilder("{");
        for (org.apache.kafka.common.header.Header h : r.headers()) {
            out.append(out.length() > 1 ? ", " : "").append(h.key()).append('=').append(text(h.value()));
        }
        return out.append('}').toString();
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
