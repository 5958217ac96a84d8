package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaExtensionTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static String addressOfTheClassBroker;

    @BeforeAll
    static void rememberTheClassBroker() {
        addressOfTheClassBroker = kafka.bootstrapServers();
    }

    @Test
    void the_broker_carries_an_event_from_a_producer_to_a_consumer() throws Exception {
        String topic = kafka.uniqueTopic("greetings");
        kafka.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            // Read up to the end offset, not just until something came, so that a second copy would show.
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return consumer.assignment().contains(partition) && consumer.position(partition) >= end;
            });
            assertThat(end).isEqualTo(1);
        }
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void a_created_topic_is_visible_with_its_partitions() throws Exception {
        String topic = kafka.uniqueTopic("orders");

        kafka.createTopic(topic, 3);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void every_test_of_the_class_talks_to_the_same_broker() {
        assertThat(kafka.bootstrapServers()).isEqualTo(addressOfTheClassBroker);
        assertThat(kafka.broker().bootstrapServers()).isEqualTo(addressOfTheClassBroker);
    }

    @Test
    void unique_topics_start_with_the_prefix_and_never_repeat() {
        Set<String> topics = IntStream.range(0, 100)
                .mapToObj(i -> kafka.uniqueTopic("payments"))
                .collect(Collectors.toSet());

        assertThat(topics).hasSize(100).allMatch(topic -> topic.matches("payments-[0-9a-f]{8}"));
    }

    @Test
    void the_broker_is_closed_and_its_data_deleted_once_the_outermost_class_is_done() {
        EmbeddedKafkaExtension extension = new EmbeddedKafkaExtension();
        extension.beforeAll(null);
        extension.beforeAll(null);
        Path data = extension.broker().dataDirectory();

        extension.afterAll(null);
        assertThat(extension.broker().dataDirectory()).as("the outer class still uses it").isEqualTo(data);

        extension.afterAll(null);
        assertThat(data).doesNotExist();
        assertThatThrownBy(extension::broker)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }

    @Nested
    class A_nested_class {

        @Test
        void shares_the_broker_of_the_outer_class() {
            assertThat(kafka.bootstrapServers()).isEqualTo(addressOfTheClassBroker);
        }
    }

    @Nested
    class With_a_broker_property {

        @RegisterExtension
        final EmbeddedKafkaExtension configured = new EmbeddedKafkaExtension()
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "700");

        @Test
        void starts_its_broker_with_it() throws Exception {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, configured.bootstrapServers()))) {
                Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
                assertThat(config.get("transaction.abort.timed.out.transaction.cleanup.interval.ms").value()).isEqualTo("700");
            }
        }

        @Test
        void refuses_one_set_once_the_broker_runs() {
            assertThatThrownBy(() -> configured.brokerProperty("log.retention.hours", "1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker property 'log.retention.hours' cannot be set any more");
        }
    }

    @Nested
    class Registered_on_an_instance_field {

        @RegisterExtension
        final EmbeddedKafkaExtension perTest = new EmbeddedKafkaExtension();

        @Test
        void gives_the_test_a_broker_of_its_own() {
            String topic = perTest.uniqueTopic("own");
            perTest.createTopic(topic, 1);

            assertThat(perTest.bootstrapServers()).isNotEqualTo(addressOfTheClassBroker);
        }
    }
}
