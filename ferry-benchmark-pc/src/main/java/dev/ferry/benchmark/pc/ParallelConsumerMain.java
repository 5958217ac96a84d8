package dev.ferry.benchmark.pc;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.confluent.parallelconsumer.internal.AbstractParallelEoSStreamProcessor;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's Confluent Parallel Consumer contender for the slow-function scenario, as its own JVM
 * (Parallel Consumer 0.5.3.3 needs kafka-clients 3.x, the rest of Ferry uses 4.x):
 *
 * <pre>
 * java -jar ferry-benchmark-pc.jar BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC N WAIT_MS CONCURRENCY
 * </pre>
 *
 * <p>It consumes in the group named after the output topic (the benchmark's convention), with
 * {@code ordering = KEY}, {@code maxConcurrency = CONCURRENCY}, the default commit mode
 * ({@code PERIODIC_CONSUMER_ASYNCHRONOUS}) and a commit interval of 100 ms (its default, 5 s, would leave
 * the run waiting for the last commit). The user function waits {@code WAIT_MS} (simulated I/O) and
 * returns the input event unchanged, keyed as it was, which {@code pollAndProduce} sends with Parallel
 * Consumer's own producer (idempotent, {@code acks=all}) before the offset counts as done.
 *
 * <p>Like the harness's own child JVMs ({@code dev.ferry.benchmark.ContenderMain}), it waits until its
 * group has committed all N input offsets, then prints one line on stdout, the contract with the harness
 * ({@code dev.ferry.benchmark.ChildReport}):
 * {@code FERRY-BENCH DONE jvmStartMs=.. firstEventMs=.. doneMs=.. cpuNanos=.. peakRssKb=..}; on a failure
 * {@code FERRY-BENCH FAILED <why>}. Exit code 0 when done, 1 on a failure, 2 on a usage error.
 */
public final class ParallelConsumerMain {

    static final String DONE = "FERRY-BENCH DONE";
    static final String FAILED = "FERRY-BENCH FAILED";
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);
    private static final AtomicLong FIRST_EVENT_MS = new AtomicLong();

    private ParallelConsumerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap;
        String input;
        String output;
        long events;
        long waitMs;
        int concurrency;
        try {
            if (args.length != 6) {
                throw new IllegalArgumentException("expected 6 arguments, got " + args.length);
            }
            bootstrap = args[0];
            input = args[1];
            output = args[2];
            events = Long.parseLong(args[3]);
            waitMs = Long.parseLong(args[4]);
            concurrency = Integer.parseInt(args[5]);
        } catch (IllegalArgumentException e) {
            err.println("usage: java -jar ferry-benchmark-pc.jar BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC N WAIT_MS CONCURRENCY ("
                    + e.getMessage() + ")");
            return 2;
        }
        String group = output;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "ferry-benchmark-commit-watcher"))) {
            ParallelStreamProcessor<String, String> pc = ParallelStreamProcessor.createEosStreamProcessor(
                    ParallelConsumerOptions.<String, String>builder()
                            .consumer(new KafkaConsumer<>(consumerProps(bootstrap, group)))
                            .producer(new KafkaProducer<>(producerProps(bootstrap)))
                            .ordering(ProcessingOrder.KEY)
                            .maxConcurrency(concurrency)
                            .commitInterval(COMMIT_INTERVAL)
                            .build());
            try {
                pc.subscribe(java.util.List.of(input));
                pc.pollAndProduce(context -> {
                    firstEvent();
                    try {
                        Thread.sleep(waitMs); // the simulated I/O
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    return new ProducerRecord<>(output, context.key(), context.value());
                });
                while (committed(admin, group, input) < events) {
                    if (pc.isClosedOrFailed()) {
                        Throwable why = pc instanceof AbstractParallelEoSStreamProcessor<?, ?> impl ? impl.getFailureCause() : null;
                        throw new IllegalStateException("Parallel Consumer closed or failed: " + why, why);
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                long doneMs = System.currentTimeMillis();
                long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
                out.println(DONE + " jvmStartMs=" + ManagementFactory.getRuntimeMXBean().getStartTime()
                        + " firstEventMs=" + FIRST_EVENT_MS.get() + " doneMs=" + doneMs + " cpuNanos=" + cpu
                        + " peakRssKb=" + vmHwmKb());
                out.flush();
            } finally {
                closeWithin(pc, CLOSE_GRACE, err);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println(FAILED + " interrupted");
            return 1;
        } catch (RuntimeException e) {
            out.println(FAILED + " " + String.valueOf(e).replace('\n', ' '));
            out.flush();
            err.println("parallel-consumer failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void firstEvent() {
        if (FIRST_EVENT_MS.get() == 0) {
            FIRST_EVENT_MS.compareAndSet(0, System.currentTimeMillis());
        }
    }

    /** The same settings the other contenders get: manual commits, from the beginning, batches of up to 500. */
    static Map<String, Object> consumerProps(String bootstrap, String group) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return p;
    }

    /**
     * The producer every other contender gets ({@code ClientSettings} in ferry-benchmark): idempotent, waits for
     * every in-sync replica, linger.ms 5 (Kafka 4's default; 3.x's is 0), batch.size 65536 and lz4.
     */
    static Map<String, Object> producerProps(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return p;
    }

    /** Input events the group has committed: the sum of its committed offsets on the input topic. */
    static long committed(Admin admin, String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** {@code VmHWM} from {@code /proc/self/status} in kB, or -1. */
    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Closes Parallel Consumer, but halts the JVM if that takes longer than {@code grace}: the numbers are already out. */
    private static void closeWithin(ParallelStreamProcessor<String, String> pc, Duration grace, PrintStream err) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
                err.println("closing Parallel Consumer took longer than " + grace.toSeconds() + " s; halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "close-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            pc.close();
        } catch (RuntimeException e) {
            err.println("closing Parallel Consumer failed: " + e);
        }
        watchdog.interrupt();
    }
}
