package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.examples.PredictFoo;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Avro format on a real broker, written and read by Avro's own encoder and decoder on the other
 * side, not by Ferry: the talk's prediction example with Avro in and out, a schema violation, and an
 * event written with a schema the app does not know.
 */
class AvroFormatTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Schema schema(String resource) throws IOException {
        try (InputStream in = AvroFormatTest.class.getResourceAsStream("/avro/" + resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    /** The sign-up service's schema, with a field the app does not read, as a file the platform gives the app. */
    private Path signUpSchemaFile() throws IOException {
        Path file = dir.resolve("client.signed_up.avsc");
        try (InputStream in = AvroFormatTest.class.getResourceAsStream("/avro/client.signed_up.avsc")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static void produce(TestKafka kafka, String topic, List<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, v));
            }
            producer.flush();
        }
    }

    /** Every record of a topic, up to its end offsets (so one more than expected would show). */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(TestKafka kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + ends);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private PlatformProfile avro(TestKafka kafka, Map<String, String> more) throws IOException {
        PlatformProfile.Builder b = kafka.profile().toBuilder().set("format", "avro")
                .set("plugins.avro.schemas", signUpSchemaFile().toString());
        more.forEach(b::set);
        return b.build();
    }

    @Test
    void the_prediction_example_reads_and_writes_avro_that_avros_own_reader_and_writer_agree_with() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("client.signed_up", 3);
        kafka.createTopic("predict.topic", 3);
        Schema signUp = schema("client.signed_up.avsc");
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), signUp);
        List<byte[]> signUps = new ArrayList<>();
        for (int client = 0; client < 50; client++) {
            signUps.add(encoder.encode(new GenericRecordBuilder(signUp).set("client", client)
                    .set("email", "c" + client + "@example.com").set("signed_up_at", "2026-12-01T10:00:00Z")
                    .set("plan", "pro").build()).array());
        }
        produce(kafka, "client.signed_up", signUps);

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(PredictFoo.class), avro(kafka, Map.of()))) {
            await().atMost(PATIENCE).until(() -> app.status().consumed() == 50);
            Schema published = new Schema.Parser().parse(app.outputSchemas().get("predict.topic").document());
            assertThat(app.outputSchemas().get("predict.topic").format()).isEqualTo("avro");
            assertThat(published).as("the schema the app publishes is the one a reader wrote by hand")
                    .isEqualTo(schema("predict.topic.avsc"));
        }

        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(),
                schema("predict.topic.avsc"));
        List<ConsumerRecord<byte[], byte[]>> out = readAll(kafka, "predict.topic");
        assertThat(out).hasSize(50);
        Set<Integer> clients = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            GenericRecord prediction = decoder.decode(r.value());
            GenericRecord payload = (GenericRecord) prediction.get("payload");
            clients.add((Integer) payload.get("client"));
            assertThat((Float) payload.get("some_prediction_value")).isBetween(0f, 1f);
            assertThat(((GenericRecord) prediction.get("metadata")).get("version").toString()).isEqualTo("1");
        }
        assertThat(clients).hasSize(50);
    }

    record Score(String client, int value) {
    }

    /** Scores JSON strings (client names); emits a map without the required {@code value} for "broken". */
    static final class Scorer {
        @Ferry(app = "avro-scorer", topics = "scores.in", start = Start.BEGINNING,
                outputs = @Output(topic = "scores.out", schema = Score.class))
        static List<Object> score(List<String> json) {
            return json.stream().map(j -> j.substring(1, j.length() - 1)).<Object>map(c -> c.equals("broken")
                    ? Map.of("client", c) : new Score(c, c.length())).toList();
        }
    }

    @Test
    void an_event_that_breaks_its_avro_schema_halts_the_app_naming_the_topic_the_event_and_the_field() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("scores.in", 1);
        kafka.createTopic("scores.out", 1);
        kafka.produce("scores.in", List.of("\"ada\"", "\"alan\"", "\"broken\"", "\"grace\""));
        PlatformProfile profile = kafka.profile().toBuilder().set("retry.max-attempts", "1").build();
        AppDescriptor described = AppDescriptor.of(Scorer.class);
        AppDescriptor avroOut = described.toBuilder().outputs(List.of(described.outputs().get(0).withFormat("avro")))
                .build();

        try (RunningApp app = FerryEngine.start(avroOut, profile)) {
            await().atMost(PATIENCE).until(() -> app.status().state() == AppStatus.State.HALTED);
            AppStatus.Failure failure = app.status().failure().orElseThrow();
            assertThat(failure.position().offset()).isEqualTo(2);
            assertThat(failure.message()).isEqualTo("app 'avro-scorer': output topic 'scores.out' event 0: $.value: is "
                    + "missing (the schema requires it)");
        }
        Schema scoreSchema = SchemaFor.score();
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), scoreSchema);
        assertThat(readAll(kafka, "scores.out")).extracting(r -> decoder.decode(r.value()).get("client").toString())
                .as("the events before it, and nothing after").containsExactly("ada", "alan");
    }

    /** The schema a reader of {@code scores.out} holds. */
    private static final class SchemaFor {
        static Schema score() {
            return new Schema.Parser().parse("""
                    {"type": "record", "name": "Score", "namespace": "dev.ferry.it",
                     "fields": [{"name": "client", "type": "string"}, {"name": "value", "type": "int"}]}""");
        }
    }

    /** Reads scores in Avro and counts them. */
    static final class Counter {
        @Ferry(app = "avro-counter", topics = "counted.in", start = Start.BEGINNING, inputFormat = "avro")
        static void count(List<Score> scores) {
        }
    }

    @Test
    void an_event_written_with_an_avro_schema_the_app_does_not_know_goes_to_the_dead_letters_naming_the_fingerprint()
            throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("counted.in", 1);
        kafka.createTopic("avro-counter.dead-letter", 1);
        Schema known = SchemaFor.score();
        Schema stranger = new Schema.Parser().parse("""
                {"type": "record", "name": "Stranger", "fields": [{"name": "who", "type": "string"}]}""");
        BinaryMessageEncoder<GenericRecord> scores = new BinaryMessageEncoder<>(GenericData.get(), known);
        BinaryMessageEncoder<GenericRecord> strangers = new BinaryMessageEncoder<>(GenericData.get(), stranger);
        produce(kafka, "counted.in", List.of(
                scores.encode(new GenericRecordBuilder(known).set("client", "a").set("value", 1).build()).array(),
                strangers.encode(new GenericRecordBuilder(stranger).set("who", "x").build()).array(),
                "{\"client\": \"json\"}".getBytes(StandardCharsets.UTF_8),
                scores.encode(new GenericRecordBuilder(known).set("client", "b").set("value", 2).build()).array()));
        PlatformProfile profile = kafka.profile().toBuilder().set("poison-policy", "dead-letter")
                .set("retry.max-attempts", "1").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(Counter.class), profile)) {
            await().atMost(PATIENCE).until(() -> app.status().consumed() == 4);
            assertThat(app.status().deadLettered()).isEqualTo(2);
            assertThat(app.status().state()).isEqualTo(AppStatus.State.RUNNING);
        }
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(kafka, "avro-counter.dead-letter");
        assertThat(dead).hasSize(2);
        String fingerprint = String.format("0x%016x", org.apache.avro.SchemaNormalization.parsingFingerprint64(stranger));
        assertThat(header(dead.get(0), "ferry.original.offset")).isEqualTo("1");
        assertThat(header(dead.get(0), "ferry.error.message")).contains("event at topic 'counted.in' partition 0 offset 1")
                .contains(fingerprint).contains("plugins.avro.schemas");
        assertThat(header(dead.get(1), "ferry.error.message")).contains("offset 2").contains("not Avro single-object");
        assertThat(dead.get(0).value()).as("the original bytes, byte for byte")
                .isEqualTo(strangers.encode(new GenericRecordBuilder(stranger).set("who", "x").build()).array());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
