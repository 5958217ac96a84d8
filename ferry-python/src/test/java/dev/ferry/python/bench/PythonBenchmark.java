package dev.ferry.python.bench;

import static org.awaitility.Awaitility.await;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Python benchmark (a program, not a test): the talk's prediction function on the same N events,
 * run by Ferry with a Python worker ({@link FerryPythonChild}: the engine in a JVM driving one
 * {@code python3 -m ferry.worker}) and by a hand-written confluent-kafka loop
 * ({@code src/test/python/bench/confluent_loop.py}), both on one interpreter, each in a fresh group.
 * The rate of a run is N over the time from its first output to its group's commit of all N inputs;
 * its CPU and peak RSS are GNU time's for the process and the children it waited for (Ferry's worker
 * included). After each run the output topic must hold exactly N events.
 *
 * <pre>java -cp ... dev.ferry.python.bench.PythonBenchmark [--events N] [--rounds R] [--python PATH]</pre>
 */
public final class PythonBenchmark {

    static final String INPUT = "client.signed_up";
    static final String OUTPUT = "predict.topic";
    static final List<String> CONTENDERS = List.of("ferry-python", "confluent-kafka-loop");

    private PythonBenchmark() {
    }

    /** One contender's run. */
    record Run(String contender, int round, long events, double seconds, double rate, double cpuSeconds,
               long peakRssKb, long outputs, double wallSeconds, double workerCpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        long events = 1_000_000;
        int rounds = 2;
        String python = "/usr/bin/python3";
        List<String> contenders = CONTENDERS;
        List<String> jvmOptions = List.of("-Xmx128m");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--python" -> python = args[i + 1];
                case "--contenders" -> contenders = List.of(args[i + 1].split(","));
                case "--ferry-jvm-opts" -> jvmOptions = List.of(args[i + 1].trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --events N, --rounds R, --python PATH, --contenders LIST, --ferry-jvm-opts OPTS");
            }
        }
        List<Run> runs = run(events, rounds, python, Path.of("."), contenders, jvmOptions);
        System.out.println(report(runs));
        for (Run r : runs) {
            if (r.outputs() != events) {
                System.err.println(r.contender() + " round " + r.round() + " wrote " + r.outputs() + " outputs, not "
                        + events);
                System.exit(1);
            }
        }
    }

    /** Runs every contender {@code rounds} times, alternating the order, from the module folder {@code module}. */
    static List<Run> run(long events, int rounds, String python, Path module) throws Exception {
        return run(events, rounds, python, module, CONTENDERS, List.of("-Xmx128m"));
    }

    static List<Run> run(long events, int rounds, String python, Path module, List<String> contenders,
                         List<String> jvmOptions) throws Exception {
        Path work = Files.createTempDirectory("ferry-python-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(work.resolve("kafka")).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get();
            produce(broker.bootstrapServers(), events);
            List<Run> runs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(contenders);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String contender : order) {
                    runs.add(runOne(contender, round, events, python, module, broker.bootstrapServers(), admin, work,
                            jvmOptions));
                    System.err.println(runs.get(runs.size() - 1));
                }
            }
            return runs;
        } finally {
            deleteTree(work);
        }
    }

    private static void produce(String bootstrap, long events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (long i = 0; i < events; i++) {
                long client = i % 100_000;
                producer.send(new ProducerRecord<>(INPUT, "c-" + client, String.format(Locale.ROOT,
                        "{\"client\": %d, \"plan\": \"%s\", \"country\": \"NL\", \"signed_up_at\": %d}", client,
                        i % 3 == 0 ? "pro" : "free", 1_767_225_600_000L + i)));
            }
        }
    }

    private static Run runOne(String contender, int round, long events, String python, Path module,
                              String bootstrap, Admin admin, Path work, List<String> jvmOptions) throws Exception {
        ignoringFailure(admin.deleteTopics(List.of(OUTPUT)).all());
        awaitGone(admin);
        admin.createTopics(List.of(new NewTopic(OUTPUT, 3, (short) 1))).all().get();
        String group = contender.equals("ferry-python") ? "predict-foo" : "predict-foo-loop";
        ignoringFailure(admin.deleteConsumerGroups(List.of(group)).all());
        Path times = work.resolve(contender + "-" + round + ".time");
        Path examples = module.resolve("../examples/python").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
        ProcessBuilder pb;
        if (contender.equals("ferry-python")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerryPythonChild.class.getName(),
                    bootstrap, python, examples.resolve("my_prediction.py").toString()));
            pb = new ProcessBuilder(command);
        } else {
            command.addAll(List.of(python, module.resolve("src/test/python/bench/confluent_loop.py").toAbsolutePath()
                    .toString(), bootstrap, group));
            pb = new ProcessBuilder(command);
            pb.environment().put("PYTHONPATH", module.resolve("src/main/python").toAbsolutePath() + ":" + examples);
        }
        Path log = work.resolve(contender + "-" + round + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process child = pb.start();
        try {
            return measured(contender, round, events, group, admin, child, times, log, started);
        } finally {
            if (child.isAlive()) { // a failed run leaves no contender behind
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
        }
    }

    private static Run measured(String contender, int round, long events, String group, Admin admin, Process child,
                                Path times, Path log, long started) throws Exception {
        long[] first = {-1};
        try {
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!child.isAlive()) {
                    throw new IllegalStateException(contender + " exited with " + child.exitValue() + " before "
                            + "committing all events; its log:\n" + Files.readString(log));
                }
                if (first[0] < 0 && endOffsets(admin, OUTPUT) > 0) {
                    first[0] = System.nanoTime();
                }
                return committed(admin, group) >= events;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(contender + " did not commit " + events + " events within 30 minutes", e);
        }
        long done = System.nanoTime();
        double workers = child.descendants().filter(h -> h.info().command().orElse("").contains("python")
                && h.info().arguments().map(a -> String.join(" ", a).contains("ferry.worker")).orElse(false))
                .mapToDouble(PythonBenchmark::cpuSeconds).sum();
        // SIGTERM to the time wrapper's child: the contender stops cleanly and time writes its numbers
        ProcessHandle.of(child.pid()).ifPresent(h -> h.children().forEach(ProcessHandle::destroy));
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException(contender + " did not stop within 60 s of SIGTERM");
        }
        String[] t = Files.readString(times).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        double seconds = (done - first[0]) / 1e9;
        return new Run(contender, round, events, seconds, events / seconds,
                Double.parseDouble(t[1]) + Double.parseDouble(t[2]), Long.parseLong(t[3]), endOffsets(admin, OUTPUT),
                (done - started) / 1e9, workers);
    }

    /** A live process's CPU seconds so far (user and system), from /proc. */
    private static double cpuSeconds(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // clock ticks at USER_HZ 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Waits for an admin call whose failure (the topic or group is not there yet) does not matter. */
    private static void ignoringFailure(org.apache.kafka.common.KafkaFuture<Void> call) throws InterruptedException {
        try {
            call.get();
        } catch (java.util.concurrent.ExecutionException absent) {
            // nothing to delete
        }
    }

    private static void awaitGone(Admin admin) throws Exception {
        // topic deletion is asynchronous in the broker
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !admin.listTopics().names().get().contains(OUTPUT));
    }

    /** The topic's end offsets summed, asked again while a new topic's partitions are not known yet. */
    private static long endOffsets(Admin admin, String topic) {
        // metadata of a topic just created reaches the broker's partitions soon
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> endOffsetsOnce(admin, topic), n -> true);
    }

    private static long endOffsetsOnce(Admin admin, String topic) throws Exception {
        Collection<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** The runs as a Markdown table with medians per contender and the ratio of Ferry to the loop. */
    static String report(List<Run> runs) {
        StringBuilder b = new StringBuilder("| contender | round | events/s | s (first output to all committed) | "
                + "CPU s | of which Python workers | CPU µs per event | peak RSS MiB | outputs |\n"
                + "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Run r : runs) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %.1f | %s | %.1f | %d | %,d |%n",
                    r.contender(), r.round(), r.rate(), r.seconds(), r.cpuSeconds(), r.contender().equals("ferry-python")
                            ? String.format(Locale.ROOT, "%.1f", r.workerCpuSeconds()) : "-",
                    r.cpuSeconds() * 1e6 / r.events(),
                    r.peakRssKb() / 1024, r.outputs()));
        }
        double ferry = median(runs, "ferry-python");
        double loop = median(runs, "confluent-kafka-loop");
        b.append(String.format(Locale.ROOT, "%nmedian events/s: ferry-python %,.0f, confluent-kafka-loop %,.0f: "
                + "Ferry %.2fx the loop%n", ferry, loop, ferry / loop));
        return b.toString();
    }

    private static double median(List<Run> runs, String contender) {
        double[] rates = runs.stream().filter(r -> r.contender().equals(contender)).mapToDouble(Run::rate).sorted()
                .toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        return rates.length % 2 == 1 ? rates[rates.length / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
