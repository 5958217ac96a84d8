package dev.ferry.testkit;

import dev.ferry.broker.TopicCreator;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for integration tests, independent of the engine: produce events, read a
 * topic back, look at an app's committed offsets, and start an app with a test profile. Every
 * wait is bounded; nothing sleeps.
 */
public final class TestKafka {

    private final String bootstrapServers;
    private final PlatformProfile cluster;

    /** Clients for the cluster at the given address, over plaintext. */
    public TestKafka(String bootstrapServers) {
        this(PlatformProfile.builder().bootstrapServers(bootstrapServers).build());
    }

    /**
     * Clients for the cluster a profile names, as the profile reaches it: its {@code kafka.common.*}
     * and {@code security.*} keys (SASL, TLS) apply to every client here and to {@link #profile()}.
     */
    public TestKafka(PlatformProfile cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /** The cluster's address. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * A profile for tests: this cluster, short start-up and shutdown timeouts, and fast retries
     * (3 tries, 20 ms apart at first) so that a halt is reached in well under a second.
     */
    public PlatformProfile profile() {
        return cluster.toBuilder()
                .set("startup-timeout", "10s")
                .set("shutdown-timeout", "10s")
                .set("retry.initial-backoff", "20ms")
                .set("retry.max-backoff", "100ms")
                .set("retry.max-attempts", "3")
                .build();
    }

    /**
     * Starts the one {@code @Ferry} app of a class with {@link #profile()} in dev mode: the app's
     * input, output and dead-letter topics that do not exist yet are created (with one partition),
     * as {@code ferry run} does on a dev broker, so a test needs no {@code createTopic} for them.
     * To check how an app starts on a cluster whose topics are missing, start it with
     * {@code FerryEngine.start(AppDescriptor.of(appClass), kafka.profile())}.
     */
    public RunningApp start(Class<?> appClass) {
        return FerryEngine.start(AppDescriptor.of(appClass), profile().toBuilder()
                .set("dev-mode", "true")
                .set("dev-partitions", "1")
                .build());
    }

    /** Creates a topic (no error if it exists). */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /**
     * Creates a topic with topic-level configs such as {@code max.message.bytes} (no error if it
     * exists, whatever its configs).
     */
    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            TopicCreator.create(admin, new NewTopic(topic, partitions, (short) 1).configs(configs), Duration.ofSeconds(30));
        }
    }

    /**
     * Produces events (JSON text) with no key and waits for every acknowledgement. A topic that does
     * not exist is created first, with one partition.
     */
    public void produce(String topic, List<String> values) {
        List<Map.Entry<String, String>> keyed = new ArrayList<>();
        values.forEach(v -> keyed.add(new java.util.AbstractMap.SimpleEntry<>(null, v)));
        produceKeyed(topic, keyed);
    }

    /**
     * Produces key/value events and waits for every acknowledgement. A topic that does not exist is
     * created first, with one partition: the embedded broker creates no topic on its own, and a
     * producer would otherwise wait a minute ({@code max.block.ms}) for it and fail.
     */
    public void produceKeyed(String topic, List<Map.Entry<String, String>> events) {
        createTopic(topic, 1);
        Properties p = properties("producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // One batch in flight: a retried first batch can never fall behind later ones (OUT_OF_ORDER_SEQUENCE_NUMBER).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> e : events) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue()));
            }
            producer.flush();
        }
    }

    /**
     * Reads a topic from the beginning with an independent consumer (no group) until {@code count}
     * events are read or {@code timeout} passes, and returns what was read (read_committed). It stops
     * at {@code count}, so it cannot show an event written twice: to check what a topic holds, use
     * {@link #readAll(String, Duration)}.
     */
    public List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout) {
        Properties p = properties("consumer");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The values of {@link #read}. */
    public List<String> readValues(String topic, int count, Duration timeout) {
        return read(topic, count, timeout).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * Reads a whole topic, read_committed, with an independent consumer (no group): from the beginning
     * up to the end offsets it has when the call starts, so that a duplicate or an extra event shows
     * (unlike {@link #read}, which stops at a count). A transaction still open on the topic holds a
     * read_committed reader back: past {@code timeout} this throws, naming how far each partition got.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
        return readAll(topic, IsolationLevel.READ_COMMITTED, timeout);
    }

    /** {@link #readAll(String, Duration)} at the given isolation level: read_uncommitted also returns aborted outputs. */
    public List<ConsumerRecord<String, String>> readAll(String topic, IsolationLevel isolation, Duration timeout) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Properties p = properties("consumer");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> positions = positions(consumer, ends.keySet());
            while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading topic '" + topic + "' " + isolation.toString()
                            .toLowerCase(Locale.ROOT) + " did not reach its end offsets " + byPartition(ends)
                            + " within " + timeout + ": it got to " + byPartition(positions) + " (" + out.size()
                            + " records)" + (isolation == IsolationLevel.READ_COMMITTED ? "; a transaction still "
                            + "open on it holds read_committed readers back" : ""));
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                positions.putAll(positions(consumer, ends.keySet()));
            }
        }
        return out;
    }

    /** The values of {@link #readAll(String, Duration)}. */
    public List<String> readAllValues(String topic, Duration timeout) {
        return readAll(topic, timeout).stream().map(ConsumerRecord::value).toList();
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((tp, offset) -> out.put(tp.partition(), offset));
        return out;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Iterable<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, consumer.position(tp, Duration.ofSeconds(30)));
        }
        return out;
    }

    /** The sum over partitions of a topic's end offsets: how many events it holds in all. */
    public long endOffsetTotal(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each partition's end offset: the offset the next event written to it will get. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        Properties p = properties("consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /** The offsets an app (a consumer group) has committed, per partition; empty if none. */
    public Map<TopicPartition, Long> committedOffsets(String app) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> raw = admin.listConsumerGroupOffsets(app)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            raw.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read committed offsets of " + app, e);
        }
    }

    /** The number of members an app's group has now. */
    public int groupMembers(String app) {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(app)).describedGroups().get(app).get(30, TimeUnit.SECONDS)
                    .members().size();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + app, e);
        }
    }

    /** The state of an app's group, such as {@code STABLE} or {@code PREPARING_REBALANCE}. */
    public String groupState(String app) {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(app)).describedGroups().get(app).get(30, TimeUnit.SECONDS)
                    .groupState().name();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + app, e);
        }
    }

    /** The number of members of an app's group that have at least one partition assigned. */
    public int membersWithPartitions(String app) {
        try (Admin admin = admin()) {
            return (int) admin.describeConsumerGroups(List.of(app)).describedGroups().get(app).get(30, TimeUnit.SECONDS)
                    .members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot describe group " + app, e);
        }
    }

    private Admin admin() {
        return Admin.create(properties("admin"));
    }

    private Properties properties(String kind) {
        Properties p = new Properties();
        p.putAll(cluster.kafkaProperties(kind));
        return p;
    }

}
