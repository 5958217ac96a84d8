package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** tail's columns (headers, keys, partitions, offsets, timestamps) and its starts (an offset, a time). */
class TailOptionsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private Cli.Result tail(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-b";
        all[args.length + 1] = KAFKA.bootstrapServers();
        return Cli.in(dir, Map.of()).run(all);
    }

    /** Five events in partition 0, one second apart from T0, the third with a dead-letter reason header. */
    private static String fiveEvents() throws Exception {
        String topic = KAFKA.uniqueTopic("tail");
        KAFKA.client().createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, 0, T0.plusSeconds(i).toEpochMilli(),
                        "k" + i, "{\"n\": " + i + "}");
                if (i == 2) {
                    r.headers().add("ferry.reason", "bad n".getBytes(StandardCharsets.UTF_8));
                    r.headers().add("ferry.attempts", "3".getBytes(StandardCharsets.UTF_8));
                }
                producer.send(r).get(10, TimeUnit.SECONDS);
            }
        }
        return topic;
    }

    @Test
    void verbose_with_headers_from_an_offset_labels_every_column() throws Exception {
        String topic = fiveEvents();

        Cli.Result tailed = tail("tail", topic, "--partition", "0", "--from-offset", "2", "--max", "2", "-v",
                "--headers");

        assertThat(tailed.exitCode()).as(tailed.err()).isZero();
        assertThat(tailed.out()).isEqualTo(
                "partition=0 offset=2 timestamp=2026-12-01T10:00:02Z key=k2\theaders={ferry.reason=bad n, "
                        + "ferry.attempts=3}\t{\"n\": 2}\n"
                        + "partition=0 offset=3 timestamp=2026-12-01T10:00:03Z key=k3\theaders={}\t{\"n\": 3}\n");
    }

    @Test
    void headers_alone_come_before_the_value_and_the_default_is_the_value_alone() throws Exception {
        String topic = fiveEvents();

        Cli.Result headers = tail("tail", topic, "--from-beginning", "--max", "3", "--headers");
        Cli.Result plain = tail("tail", topic, "--from-beginning", "--max", "1");

        assertThat(headers.out()).isEqualTo("{}\t{\"n\": 0}\n{}\t{\"n\": 1}\n"
                + "{ferry.reason=bad n, ferry.attempts=3}\t{\"n\": 2}\n");
        assertThat(plain.out()).isEqualTo("{\"n\": 0}\n");
    }

    @Test
    void from_a_time_starts_at_the_first_event_at_or_after_it_in_every_partition() throws Exception {
        String topic = fiveEvents();

        Cli.Result tailed = tail("tail", topic, "--from-time", "2026-12-01T10:00:02.500Z", "--keys", "--max", "3",
                "--timeout", "2s");
        Cli.Result ago = tail("tail", topic, "--from-time=-1m", "--max", "1", "--timeout", "2s");

        assertThat(tailed.exitCode()).isZero();
        assertThat(tailed.out()).as("two events are after the time; a third line would be a mistake")
                .isEqualTo("k3\t{\"n\": 3}\nk4\t{\"n\": 4}\n");
        assertThat(ago.exitCode()).isZero();
        assertThat(ago.out()).as("every event is from 2026-12-01, long before a minute ago").isEmpty();
    }

    @Test
    void bad_starts_are_command_line_errors_that_say_why() throws Exception {
        String topic = fiveEvents();

        Cli.Result noPartition = tail("tail", topic, "--from-offset", "2");
        Cli.Result two = tail("tail", topic, "--from-beginning", "--from-time", "-10m");
        Cli.Result badTime = tail("tail", topic, "--from-time", "yesterday");
        Cli.Result pastEnd = tail("tail", topic, "--partition", "0", "--from-offset", "9");
        Cli.Result noSuchPartition = tail("tail", topic, "--partition", "5", "--from-offset", "0");

        assertThat(noPartition.exitCode()).isEqualTo(2);
        assertThat(noPartition.err()).startsWith("--from-offset needs --partition: offsets are per partition");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).startsWith("choose one of --from-beginning, --from-offset and --from-time");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).startsWith("Invalid value for option '--from-time': 'yesterday' is neither an "
                + "instant such as 2026-12-01T10:00:00Z nor a time ago such as -10m");
        assertThat(pastEnd.exitCode()).isEqualTo(1);
        assertThat(pastEnd.err()).isEqualTo("ferry: topic '" + topic + "' partition 0 has no offset 9: it keeps "
                + "offsets 0 to 4\n");
        assertThat(noSuchPartition.exitCode()).isEqualTo(1);
        assertThat(noSuchPartition.err()).isEqualTo("ferry: topic '" + topic + "' has no partition 5 (it has 2)\n");
    }
}
