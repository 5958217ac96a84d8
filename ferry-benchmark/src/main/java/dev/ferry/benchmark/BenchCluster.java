package dev.ferry.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The harness's view of the broker: creates the benchmark's topics, counts what an output topic
 * holds, and tells when a contender's group has its partitions. Uses its own admin client and plain
 * group-less consumers, independent of every contender.
 */
final class BenchCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final Admin admin;

    BenchCluster(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "ferry-benchmark-harness"));
    }

    String bootstrap() {
        return bootstrap;
    }

    /**
     * Creates an input topic (record timestamps are the producer's: when the harness made the event), and
     * returns once the broker leads every partition, so that the loader's first batches are not refused
     * (see {@link #createTopic}; a run of the plain scenario was seen stuck that way).
     */
    void createInput(String topic) {
        create(new NewTopic(topic, BenchTopics.PARTITIONS, (short) 1));
        awaitLeaders(topic, BenchTopics.PARTITIONS);
    }

    /**
     * Creates an output topic whose record timestamps are the broker's append time, for every
     * contender alike (Kafka Streams would otherwise copy the input's timestamp to its output).
     */
    void createOutput(String topic) {
        create(new NewTopic(topic, BenchTopics.PARTITIONS, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
    }

    /**
     * Creates a topic with {@code partitions} partitions whose record timestamps are the broker's append time,
     * and returns once the broker leads every partition. (Creation returns earlier: a producer that writes at
     * once can get NOT_LEADER_OR_FOLLOWER on its first batches, and the idempotent producer's retries of
     * those can then be stuck on OUT_OF_ORDER_SEQUENCE_NUMBER.)
     */
    void createTopic(String topic, int partitions) {
        create(new NewTopic(topic, partitions, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        awaitLeaders(topic, partitions);
    }

    private void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = groupless()) {
            while (true) {
                List<TopicPartition> tps = consumer.partitionsFor(topic, TIMEOUT).stream()
                        .filter(p -> p.leader() != null && !p.leader().isEmpty())
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (tps.size() >= partitions) {
                    consumer.endOffsets(tps, TIMEOUT); // answered by each partition's leader: retries until it leads
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has leaders for " + tps.size() + " of " + partitions
                            + " partitions after " + TIMEOUT.toSeconds() + " s");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    private void create(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + topic.name() + " took longer than " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        }
    }

    /** How many records a topic holds: the sum over its partitions of end minus beginning offsets. */
    long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = groupless()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            return partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }
    }

    /** {@link #count}, or -1 if the topic cannot be read (a failed contender's report still goes out). */
    long countOrUnknown(String topic) {
        try {
            return count(topic);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The first record of a topic's first non-empty partition, as {@code key -> value}, to show what a
     * contender wrote; empty if the topic is empty.
     */
    Optional<String> sample(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = groupless()) {
            for (TopicPartition tp : partitions(consumer, topic)) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (consumer.position(tp) < consumer.endOffsets(List.of(tp)).get(tp) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        return Optional.of(text(r.key()) + " -> " + text(r.value()));
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "(no key)" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A consumer in no group, for reading topics back. */
    KafkaConsumer<byte[], byte[]> groupless() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "ferry-benchmark-reader",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /**
     * Waits until the members of {@code group} together own every partition of {@code topic}, or
     * {@code child} has exited.
     *
     * @return whether they do
     */
    boolean awaitAssigned(String group, String topic, Duration timeout, ChildProcess child) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (assigned(group, topic) >= BenchTopics.PARTITIONS) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return false;
    }

    private int assigned(String group, String topic) throws InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(group);
            Set<TopicPartition> owned = d.members().stream().map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions()).flatMap(Collection::stream)
                    .filter(tp -> tp.topic().equals(topic)).collect(Collectors.toSet());
            return owned.size();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /**
     * Deletes a consumer group, so that the next run in it starts fresh. Waits while the group still has
     * members (a killed child's membership lasts until its session times out).
     */
    void deleteGroup(String group, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return;
                }
                if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot delete consumer group " + group + ": " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("deleting consumer group " + group + " took longer than "
                        + TIMEOUT.toSeconds() + " s", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
