package dev.ferry.hub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.PeekedEvent.ValueKind;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Peeking at recent events: newest first, by partition, offset or time, values shown safely, and clear errors. */
class PeekTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    static String topic;
    static Instant base;

    @BeforeAll
    static void events() {
        topic = KAFKA.uniqueTopic("peek");
        KAFKA.createTopic(topic, 2);
        base = Instant.now().minus(Duration.ofMinutes(10));
        try (Records r = new Records(KAFKA.bootstrapServers())) {
            r.send(topic, 0, base, "k-json", "{\"client\":7,\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8),
                    Map.of("traceparent", "00-abc"));
            r.send(topic, 0, base.plusSeconds(1), "k-text", "héllo wörld".getBytes(StandardCharsets.UTF_8), Map.of());
            r.send(topic, 0, base.plusSeconds(2), null, new byte[] {0, 1, (byte) 0xff, 0x10}, Map.of());
            r.send(topic, 0, base.plusSeconds(3), "k-json", null, Map.of());
            for (int i = 0; i < 5; i++) {
                r.text(topic, 1, base.plusSeconds(10 + i), "p1-" + i);
            }
        }
    }

    private static PeekRequest request(Integer partition, Long offset, Instant time, int limit) {
        return new PeekRequest(partition == null ? OptionalInt.empty() : OptionalInt.of(partition),
                offset == null ? OptionalLong.empty() : OptionalLong.of(offset), Optional.ofNullable(time), limit);
    }

    @Test
    void json_text_binary_and_tombstones_are_shown_safely_newest_first() {
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            List<PeekedEvent> events = hub.peek(topic, request(0, null, null, 10));
            assertThat(events).extracting(PeekedEvent::offset).containsExactly(3L, 2L, 1L, 0L);
            assertThat(events).extracting(PeekedEvent::kind)
                    .containsExactly(ValueKind.TOMBSTONE, ValueKind.BINARY, ValueKind.TEXT, ValueKind.JSON);
            assertThat(events.get(0).value()).isNull();
            assertThat(events.get(0).key()).isEqualTo("k-json");
            assertThat(events.get(1).value()).isEqualTo("00 01 ff 10");
            assertThat(events.get(1).key()).isNull();
            assertThat(events.get(2).value()).isEqualTo("héllo wörld");
            assertThat(events.get(3).value()).isEqualTo("{\n  \"client\" : 7,\n  \"tags\" : [ \"a\" ]\n}");
            assertThat(events.get(3).headers()).containsExactly(new PeekedEvent.Header("traceparent", "00-abc"));
            assertThat(events.get(3).timestamp()).isEqualTo(Instant.ofEpochMilli(base.toEpochMilli()));
        }
    }

    @Test
    void a_peek_of_every_partition_takes_the_newest_events_over_all_of_them() {
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            List<PeekedEvent> events = hub.peek(topic, PeekRequest.newest(3));
            assertThat(events).extracting(PeekedEvent::value).containsExactly("p1-4", "p1-3", "p1-2");
            assertThat(hub.peek(topic, PeekRequest.newest(100))).hasSize(9);
        }
    }

    @Test
    void a_peek_from_an_offset_or_a_time_ends_there() {
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            assertThat(hub.peek(topic, request(1, 2L, null, 2))).extracting(PeekedEvent::value)
                    .containsExactly("p1-2", "p1-1");
            assertThat(hub.peek(topic, request(null, null, base.plusSeconds(11), 10))).extracting(PeekedEvent::value)
                    .containsExactly("p1-1", "p1-0", null, "00 01 ff 10", "héllo wörld", "{\n  \"client\" : 7,\n  \"tags\" : [ \"a\" ]\n}");
            assertThat(hub.peek(topic, request(0, null, base.minusSeconds(1), 10))).isEmpty();
        }
    }

    @Test
    void a_missing_topic_partition_or_offset_is_named() {
        try (KafkaHubData hub = HubFixture.start(KAFKA, HubFixture.settings(KAFKA, topic))) {
            assertThatThrownBy(() -> hub.peek("no-such-topic", PeekRequest.newest(5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("no topic 'no-such-topic' on the cluster at '" + KAFKA.bootstrapServers() + "'");
            assertThatThrownBy(() -> hub.peek(topic, request(7, null, null, 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic '" + topic + "' has no partition 7: it has 2 partition(s), 0 to 1");
            assertThatThrownBy(() -> hub.peek(topic, request(1, 5L, null, 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("offset 5 is not in partition 1 of topic '" + topic + "': it holds offsets 0 to 4");
            assertThatThrownBy(() -> request(null, 5L, null, 5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an offset needs a partition");
        }
    }

    @Test
    void values_are_rendered_by_what_their_bytes_are() {
        assertThat(ValueRendering.value("[1, 2]".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(ValueKind.JSON);
        assertThat(ValueRendering.value("{not json".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(ValueKind.TEXT);
        assertThat(ValueRendering.value("42".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(ValueKind.TEXT);
        assertThat(ValueRendering.value(new byte[] {(byte) 0xc3, 0x28}).kind()).isEqualTo(ValueKind.BINARY);
        assertThat(ValueRendering.value("bell\u0007".getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(ValueKind.BINARY);
        byte[] big = new byte[ValueRendering.MAX_BYTES + 10];
        assertThat(ValueRendering.value(big).text()).endsWith("... (" + big.length + " bytes)");
        assertThat(ValueRendering.text(new byte[] {(byte) 0xff})).isEqualTo("ff");
    }
}
