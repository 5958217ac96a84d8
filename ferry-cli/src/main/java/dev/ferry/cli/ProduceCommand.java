package dev.ferry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry produce}: JSON lines from a file or stdin to a topic, all or nothing checked up front. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sends JSON lines (from --file or stdin) to a topic.",
            "One event per non-blank line. Every line is checked to be JSON before anything is sent. On a dev broker a missing topic is "
                    + "created with 3 partitions."
        })
final class ProduceCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to send to.")
    String topic;

    @Option(names = {"--file", "-f"}, paramLabel = "F", description = "Read events from this file (default: standard input).")
    Path file;

    @Option(names = {"--key-field", "-k"}, paramLabel = "NAME",
            description = "Use this top-level field of each event as its key.")
    String keyField;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() throws IOException {
        List<JsonLines.Event> events = read();
        Cluster cluster = clusterOption.resolve(root);
        Topics.partitions(cluster, topic, true);
        send(cluster, events);
        spec.commandLine().getOut().println("produced " + events.size() + " events to " + topic);
        return 0;
    }

    private List<JsonLines.Event> read() throws IOException {
        if (file == null) {
            return JsonLines.read(new BufferedReader(new InputStreamReader(root.stdin, StandardCharsets.UTF_8)), keyField);
        }
        try (BufferedReader in = Files.newBufferedReader(root.workDir.resolve(file), StandardCharsets.UTF_8)) {
            return JsonLines.read(in, keyField);
        } catch (NoSuchFileException e) {
            throw new CliException("--file " + file + ": no such file");
        }
    }

    private void send(Cluster cluster, List<JsonLines.Event> events) {
        Map<String, Object> props = cluster.properties("producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-produce");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (JsonLines.Event e : events) {
                producer.send(new ProducerRecord<>(topic, e.key(), e.json()), (meta, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
            }
            producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null) {
            throw new CliException("sending to topic '" + topic + "' on " + cluster.describe() + " failed: "
                    + failure.get().getMessage() + "; some events may have been sent", failure.get());
        }
    }
}
