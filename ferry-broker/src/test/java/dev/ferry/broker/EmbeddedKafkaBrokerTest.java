package dev.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startSharedBroker() {
        kafka = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void closeSharedBroker() {
        kafka.close();
    }

    @Test
    void starts_on_a_free_port_and_accepts_a_produced_event() {
        String topic = topic("greetings");
        kafka.createTopic(topic, 1);

        Clients.produce(kafka.bootstrapServers(), topic, "k", "hello");

        assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
        assertThat(Clients.consume(kafka.bootstrapServers(), topic, 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k", "hello"));
    }

    @Test
    void creating_a_topic_that_exists_is_harmless_whatever_the_partition_count() throws Exception {
        String topic = topic("twice");

        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 5);

        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void a_topic_nobody_created_stays_missing_even_when_a_client_asks_for_it() throws Exception {
        String topic = topic("missing");

        try (KafkaConsumer<String, String> consumer = Clients.consumer(kafka.bootstrapServers(), "read_uncommitted")) {
            assertThat(consumer.partitionsFor(topic)).isEmpty();
        }
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }

    @Test
    void a_transactional_producer_commits_and_a_read_committed_consumer_sees_only_committed_events() throws Exception {
        String topic = topic("transactions");
        kafka.createTopic(topic, 2);

        try (KafkaProducer<String, String> producer = Clients.transactionalProducer(kafka.bootstrapServers(), "tx-" + UUID.randomUUID())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed"));
            producer.commitTransaction();
        }

        assertThat(Clients.consume(kafka.bootstrapServers(), topic, 1, "read_committed"))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed");
    }

    @Test
    void creating_a_topic_on_a_stopped_broker_says_the_broker_is_not_running() {
        try (EmbeddedKafkaBroker stopped = EmbeddedKafkaBroker.builder().start()) {
            stopped.stop();

            assertThatThrownBy(() -> stopped.createTopic("any", 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not running");
        }
    }

    @Test
    void restart_keeps_the_bootstrap_address_and_the_data() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            String address = broker.bootstrapServers();
            broker.createTopic("survivors", 1);
            Clients.produce(address, "survivors", "k", "before restart");

            broker.restart();
            Clients.produce(address, "survivors", "k", "after restart");

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(Clients.consume(address, "survivors", 2))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before restart", "after restart");
        }
    }

    @Test
    void a_given_data_directory_keeps_a_topics_events_for_the_next_broker_on_it(@TempDir Path dir) {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(data).start()) {
            first.createTopic("kept", 2);
            Clients.produce(first.bootstrapServers(), "kept", "k", "written by the first broker");
        }
        assertThat(data.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDirectory(data).start()) {
            second.createTopic("kept", 2);
            assertThat(second.dataDirectory()).isEqualTo(data);
            assertThat(Clients.consume(second.bootstrapServers(), "kept", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("written by the first broker");
        }
        assertThat(data).as("a caller's data directory is never deleted").isDirectory();
    }

    @Test
    void a_port_that_is_taken_gives_an_error_naming_the_port() {
        int taken = Integer.parseInt(kafka.bootstrapServers().substring("localhost:".length()));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(taken).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("port " + taken)
                .hasMessageContaining("already in use");
    }

    @Test
    void a_data_directory_that_is_a_file_gives_a_clear_error(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "oops");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDirectory(file).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is a file, not a directory");
    }

    @Test
    void a_data_directory_used_by_a_running_broker_gives_a_clear_error(@TempDir Path dir) {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(dir).start()) {

            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDirectory(dir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed to start")
                    .hasMessageContaining("another process or thread is using this directory");

            first.createTopic("still-served", 1);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
