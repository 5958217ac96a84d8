package dev.ferry.it;

import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Envelope;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Under at-least-once an input processed twice emits its outputs twice; the envelopes' ids, derived
 * from the input event each came from, let a reader tell the second copy for a duplicate: a
 * replayed event's outputs carry the ids they had the first time, however the replay was batched.
 */
class ReplayedIdsTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Num(int id) { }

    public record Scored(int id, String padding) { }

    /** One envelope per input; the last output of its first call of several events is too big to be written. */
    public static class TooBigOnce {
        static final AtomicBoolean padded = new AtomicBoolean();
        static final List<Integer> firstCall = new CopyOnWriteArrayList<>();

        @Ferry(app = "too-big-once", topics = "too-big-once.in", start = Start.BEGINNING, batchSize = 20,
                outputs = @Output(topic = "too-big-once.out", payload = Scored.class))
        public static List<Envelope<Scored>> score(List<Num> events) {
            boolean pad = events.size() > 1 && padded.compareAndSet(false, true);
            if (pad) {
                events.forEach(e -> firstCall.add(e.id()));
            }
            List<Envelope<Scored>> out = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                boolean big = pad && i == events.size() - 1;
                out.add(Envelope.of(new Scored(events.get(i).id(), big ? "x".repeat(5_000) : "")));
            }
            return out;
        }
    }

    public static class Scores {
        @Ferry(app = "replayed-scores", topics = "replayed.in", start = Start.BEGINNING,
                outputs = @Output(topic = "replayed.out", payload = Scored.class))
        public static List<Envelope<Scored>> score(List<Num> events) {
            return events.stream().map(e -> Envelope.of(new Scored(e.id(), ""))).toList();
        }
    }

    private static JsonNode json(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every id each payload was written with, by payload id, in the order written. */
    private static Map<Integer, List<String>> idsByEvent(List<String> written) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (String value : written) {
            JsonNode event = json(value);
            out.computeIfAbsent(event.at("/payload/id").asInt(), k -> new ArrayList<>())
                    .add(event.at("/metadata/id").asText());
        }
        return out;
    }

    private static void assertEachEventHasOneIdOfItsOwn(Map<Integer, List<String>> ids) {
        assertThat(ids).allSatisfy((event, copies) -> assertThat(Set.copyOf(copies))
                .as("the ids event %s was written with", event).hasSize(1));
        assertThat(ids.values().stream().map(copies -> copies.get(0)).toList()).as("one id per event")
                .doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void outputs_written_again_after_a_failed_write_carry_the_ids_they_were_first_written_with() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("too-big-once.in", 1);
        kafka.createTopic("too-big-once.out", 1);
        kafka.produce("too-big-once.in", ids(0, 20));
        PlatformProfile profile = kafka.profile().toBuilder().kafka("producer", "max.request.size", "2000").build();

        try (RunningApp app = FerryEngine.start(AppDescriptor.of(TooBigOnce.class), profile)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("too-big-once")
                    .getOrDefault(new TopicPartition("too-big-once.in", 0), 0L) == 20L);
        }

        Map<Integer, List<String>> ids = idsByEvent(kafka.readAllValues("too-big-once.out", Duration.ofSeconds(10)));
        assertThat(ids.keySet()).as("every event written").containsExactlyElementsOf(
                IntStream.range(0, 20).boxed().toList());
        List<Integer> writtenFirst = TooBigOnce.firstCall.subList(0, TooBigOnce.firstCall.size() - 1);
        assertThat(writtenFirst).as("the events of the failed write before its too-big output").isNotEmpty()
                .allSatisfy(event -> assertThat(ids.get(event)).as("copies of event %s", event).hasSizeGreaterThan(1));
        assertEachEventHasOneIdOfItsOwn(ids);
    }

    @Test
    void a_replay_from_an_earlier_offset_batched_otherwise_writes_outputs_with_the_ids_they_had() throws Exception {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("replayed.in", 1);
        kafka.createTopic("replayed.out", 1);
        kafka.produce("replayed.in", ids(0, 20));
        TopicPartition in = new TopicPartition("replayed.in", 0);

        try (RunningApp app = kafka.start(Scores.class)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets("replayed-scores")
                    .getOrDefault(in, 0L) == 20L);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("replayed-scores", Map.of(in, new OffsetAndMetadata(5))).all()
                    .get(30, TimeUnit.SECONDS); // on-call replays from offset 5
        }
        AppDescriptor inThrees = AppDescriptor.of(Scores.class).toBuilder().batchSize(3).build();
        try (RunningApp app = FerryEngine.start(inThrees, kafka.profile())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.status().consumed() == 15);
        }

        List<String> written = kafka.readAllValues("replayed.out", Duration.ofSeconds(10));
        assertThat(written).as("the whole topic: 20 events, then the 15 replayed").hasSize(35);
        Map<Integer, List<String>> ids = idsByEvent(written);
        assertThat(ids).allSatisfy((event, copies) -> assertThat(copies).as("copies of event %s", event)
                .hasSize(event < 5 ? 1 : 2));
        assertEachEventHasOneIdOfItsOwn(ids);
        assertThat(written.stream().map(v -> json(v).at("/metadata/version").asText()).collect(Collectors.toSet()))
                .containsExactly(Envelope.DEFAULT_VERSION);
    }
}
